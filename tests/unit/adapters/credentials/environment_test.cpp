// The SDKs' environment variables and file locations, read through an injected getenv.

#include <map>

#include <gtest/gtest.h>

#include "adapters/credentials/environment.hpp"

namespace {

using namespace qg::credentials;

// The value of a result whose error is a message; a failed test otherwise. (.value() needs a
// throw_exception_from_error for std::string, which only ADL in std could find.)
template <class T>
T ok(boost::system::result<T, std::string> r) {
  EXPECT_TRUE(r) << (r ? "" : r.error());
  return r ? std::move(*r) : T{};
}

Getenv env(std::map<std::string, std::string, std::less<>> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(CredentialEnvironment, AlibabaKeysWithOptionalSecurityToken) {
  const auto r = read_alibaba_env_keys(env({{"ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI"},
                                            {"ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s"},
                                            {"ALIBABA_CLOUD_SECURITY_TOKEN", "t"}}));
  ASSERT_TRUE(r && *r);
  EXPECT_EQ((*r)->id.reveal(), "LTAI");
  EXPECT_EQ((*r)->secret.reveal(), "s");
  EXPECT_EQ((*r)->token.reveal(), "t");
  EXPECT_EQ((*r)->source, "env");
}

TEST(CredentialEnvironment, UnsetAndEmptyVariablesMeanNotConfigured) {
  EXPECT_FALSE(ok(read_alibaba_env_keys(env({}))));
  EXPECT_FALSE(ok(read_tencent_env_keys(env({{"TENCENTCLOUD_SECRET_ID", ""}}))));
}

TEST(CredentialEnvironment, HalfAKeyPairIsReportedByNameNotValue) {
  const auto r = read_tencent_env_keys(env({{"TENCENTCLOUD_SECRET_ID", "AKIDvalue"}}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "TENCENTCLOUD_SECRET_ID set but TENCENTCLOUD_SECRET_KEY not");
}

TEST(CredentialEnvironment, TencentKeysWithSessionToken) {
  const auto r = read_tencent_env_keys(env({{"TENCENTCLOUD_SECRET_ID", "AKID"},
                                            {"TENCENTCLOUD_SECRET_KEY", "k"},
                                            {"TENCENTCLOUD_SESSION_TOKEN", "t"}}));
  ASSERT_TRUE(r && *r);
  EXPECT_EQ((*r)->token.reveal(), "t");
}

TEST(CredentialEnvironment, RrsaNeedsRoleProviderAndTokenFile) {
  const auto r = read_rrsa_env(env({{"ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/r"},
                                    {"ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "acs:ram::1:oidc-provider/p"},
                                    {"ALIBABA_CLOUD_OIDC_TOKEN_FILE", "/var/run/secrets/token"},
                                    {"ALIBABA_CLOUD_ROLE_SESSION_NAME", "gw"},
                                    {"ALIBABA_CLOUD_STS_REGION", "cn-hangzhou"},
                                    {"ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED", "TRUE"}}));
  ASSERT_TRUE(r && *r);
  EXPECT_EQ((*r)->role_arn, "acs:ram::1:role/r");
  EXPECT_EQ((*r)->oidc_provider_arn, "acs:ram::1:oidc-provider/p");
  EXPECT_EQ((*r)->token_file, "/var/run/secrets/token");
  EXPECT_EQ((*r)->session_name, "gw");
  EXPECT_EQ((*r)->sts_region, "cn-hangzhou");
  EXPECT_TRUE((*r)->vpc);
  const auto partial = read_rrsa_env(env({{"ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/r"}}));
  EXPECT_EQ(partial.error(),
            "RRSA: ALIBABA_CLOUD_ROLE_ARN set but ALIBABA_CLOUD_OIDC_PROVIDER_ARN, "
            "ALIBABA_CLOUD_OIDC_TOKEN_FILE not");
}

TEST(CredentialEnvironment, TkeReadsTheWebIdentityTokenFileVariable) {
  const auto r = read_tke_env(env({{"TKE_REGION", "ap-guangzhou"},
                                   {"TKE_PROVIDER_ID", "provider"},
                                   {"TKE_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/tke/token"},
                                   {"TKE_ROLE_ARN", "qcs::cam::uin/1:roleName/r"}}));
  ASSERT_TRUE(r && *r);
  EXPECT_EQ((*r)->region, "ap-guangzhou");
  EXPECT_EQ((*r)->provider_id, "provider");
  EXPECT_EQ((*r)->token_file, "/var/run/secrets/tke/token");
  EXPECT_EQ((*r)->role_arn, "qcs::cam::uin/1:roleName/r");
  EXPECT_EQ((*r)->duration_seconds, 7200);
  EXPECT_FALSE(read_tke_env(env({{"TKE_REGION", "ap-guangzhou"}})));
}

TEST(CredentialEnvironment, EcsRoleNameAndSwitches) {
  const auto spec = read_ecs_role_env(
      env({{"ALIBABA_CLOUD_ECS_METADATA", "role"}, {"ALIBABA_CLOUD_IMDSV1_DISABLED", "true"}}));
  ASSERT_TRUE(spec);
  EXPECT_EQ(spec->role_name, "role");
  EXPECT_TRUE(spec->disable_imdsv1);
  EXPECT_TRUE(read_ecs_role_env(env({}))->role_name.empty());
  EXPECT_FALSE(read_ecs_role_env(env({{"ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"}})));
}

TEST(CredentialEnvironment, ProfileFilesLiveUnderHomeUnlessOverridden) {
  EXPECT_EQ(aliyun_cli_config(env({}), "/home/gw")->path, "/home/gw/.aliyun/config.json");
  EXPECT_EQ(aliyun_cli_config(env({{"ALIBABA_CLOUD_PROFILE", "prod"}}), "/home/gw")->profile, "prod");
  EXPECT_EQ(aliyun_cli_config(env({{"ALIBABA_CLOUD_CONFIG_FILE", "/etc/aliyun.json"}}), "")->path,
            "/etc/aliyun.json");
  EXPECT_FALSE(aliyun_cli_config(env({{"ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true"}}), "/home/gw"));
  EXPECT_FALSE(aliyun_cli_config(env({}), ""));
  const auto ini = alibaba_credentials_file(env({}), "/home/gw/");
  EXPECT_EQ(ini->path, "/home/gw/.alibabacloud/credentials");
  EXPECT_EQ(ini->profile, "default");
  EXPECT_EQ(alibaba_credentials_file(env({{"ALIBABA_CLOUD_CREDENTIALS_FILE", "/x"}}), "")->path, "/x");
}

TEST(CredentialEnvironment, TencentProfileFileSearchOrder) {
  EXPECT_EQ(
      tencent_credentials_files(env({}), "/home/gw"),
      (std::vector<std::string>{"/home/gw/.tencentcloud/credentials", "/etc/tencentcloud/credentials"}));
  EXPECT_EQ(tencent_credentials_files(env({{"TENCENTCLOUD_CREDENTIALS_FILE", "/run/tc"}}), "/home/gw"),
            (std::vector<std::string>{"/run/tc"}));
  EXPECT_EQ(tencent_credentials_files(env({}), ""),
            (std::vector<std::string>{"/etc/tencentcloud/credentials"}));
}

TEST(CredentialEnvironment, DiskReaderReturnsNothingForAMissingFile) {
  EXPECT_FALSE(disk_read_file()("/nonexistent/quota-gateway/credentials"));
}

}  // namespace
