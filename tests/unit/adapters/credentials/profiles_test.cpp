// The shared credential files: INI syntax, the aliyun CLI's config.json modes, the Alibaba and
// Tencent INI profiles. Errors name fields, never values.

#include <gtest/gtest.h>

#include "adapters/credentials/profiles.hpp"

namespace {

using namespace qg::credentials;

// The value of a result whose error is a message; a failed test otherwise. (.value() needs a
// throw_exception_from_error for std::string, which only ADL in std could find.)
template <class T>
T ok(boost::system::result<T, std::string> r) {
  EXPECT_TRUE(r) << (r ? "" : r.error());
  return r ? std::move(*r) : T{};
}

TEST(CredentialProfiles, IniSectionsKeysCommentsAndQuotes) {
  const auto ini = parse_ini(
      "; top comment\nloose = 1\n[default]\n  secret_id = AKID123 \n"
      "# comment\nsecret_key=\"with;semi#hash\"\n\n[other]\nk = 'v'\n");
  ASSERT_TRUE(ini) << ini.error();
  EXPECT_EQ(ini->at("").at("loose"), "1");
  EXPECT_EQ(ini->at("default").at("secret_id"), "AKID123");
  EXPECT_EQ(ini->at("default").at("secret_key"), "with;semi#hash");
  EXPECT_EQ(ini->at("other").at("k"), "v");
}

TEST(CredentialProfiles, IniSyntaxErrorsNameTheLine) {
  EXPECT_EQ(parse_ini("[default]\nsecret_id\n").error(), "line 2: expected [section] or key = value");
  EXPECT_EQ(parse_ini("[default\n").error(), "line 1: unterminated section header");
}

constexpr std::string_view kAliyunConfig = R"({
  "current": "default",
  "profiles": [
    {"name": "default", "mode": "AK", "access_key_id": "LTAI5tAK", "access_key_secret": "akSecret",
     "sts_token": "", "region_id": "cn-hangzhou", "output_format": "json", "language": "en"},
    {"name": "sts", "mode": "StsToken", "access_key_id": "STS.id", "access_key_secret": "stsSecret",
     "sts_token": "stsToken", "sts_expiration": 1767229200},
    {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "EcsRamRoleDocumentTesting"},
    {"name": "oidc", "mode": "OIDC", "ram_role_arn": "acs:ram::1:role/r", "oidc_provider_arn": "acs:ram::1:oidc-provider/p",
     "oidc_token_file": "/var/run/token", "ram_session_name": "s", "expired_seconds": 1800,
     "sts_region": "cn-shanghai", "enable_vpc": true},
    {"name": "arn", "mode": "RamRoleArn", "access_key_id": "LTAI", "access_key_secret": "x", "ram_role_arn": "acs:ram::1:role/r"},
    {"name": "half", "mode": "AK", "access_key_id": "LTAIhalf", "access_key_secret": ""}
  ]
})";

TEST(CredentialProfiles, AliyunCliCurrentAkProfileIsFixedKeys) {
  const auto p = read_aliyun_cli_profile(kAliyunConfig, "");
  ASSERT_TRUE(p) << p.error();
  const auto& c = std::get<Credentials>(*p);
  EXPECT_EQ(c.id.reveal(), "LTAI5tAK");
  EXPECT_EQ(c.secret.reveal(), "akSecret");
  EXPECT_TRUE(c.token.empty());
  EXPECT_FALSE(c.expires_at);
  EXPECT_EQ(c.source, "profile:default");
}

TEST(CredentialProfiles, AliyunCliStsTokenProfileKeepsTokenAndExpiry) {
  const auto c = std::get<Credentials>(ok(read_aliyun_cli_profile(kAliyunConfig, "sts")));
  EXPECT_EQ(c.token.reveal(), "stsToken");
  EXPECT_EQ(c.expires_at, 1767229200);
  EXPECT_EQ(c.source, "profile:sts");
}

TEST(CredentialProfiles, AliyunCliEcsRamRoleProfileNamesTheRole) {
  const auto p = read_aliyun_cli_profile(kAliyunConfig, "ecs");
  ASSERT_TRUE(p);
  EXPECT_EQ(std::get<EcsRoleSpec>(*p).role_name, "EcsRamRoleDocumentTesting");
}

TEST(CredentialProfiles, AliyunCliOidcProfileIsRrsa) {
  const auto p = read_aliyun_cli_profile(kAliyunConfig, "oidc");
  ASSERT_TRUE(p);
  const auto& s = std::get<RrsaSpec>(*p);
  EXPECT_EQ(s.role_arn, "acs:ram::1:role/r");
  EXPECT_EQ(s.oidc_provider_arn, "acs:ram::1:oidc-provider/p");
  EXPECT_EQ(s.token_file, "/var/run/token");
  EXPECT_EQ(s.session_name, "s");
  EXPECT_EQ(s.duration_seconds, 1800);
  EXPECT_EQ(s.sts_region, "cn-shanghai");
  EXPECT_TRUE(s.vpc);
}

TEST(CredentialProfiles, AliyunCliUnsupportedModeSaysSo) {
  const auto p = read_aliyun_cli_profile(kAliyunConfig, "arn");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().find("mode RamRoleArn"), std::string::npos) << p.error();
  EXPECT_NE(p.error().find("not supported"), std::string::npos);
}

TEST(CredentialProfiles, AliyunCliMissingFieldIsNamedWithoutValues) {
  const auto p = read_aliyun_cli_profile(kAliyunConfig, "half");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().find("access_key_secret is missing or empty"), std::string::npos) << p.error();
  EXPECT_EQ(p.error().find("LTAIhalf"), std::string::npos);
}

TEST(CredentialProfiles, AliyunCliUnknownProfileAndBrokenJsonAreErrors) {
  EXPECT_EQ(read_aliyun_cli_profile(kAliyunConfig, "nope").error(),
            "aliyun CLI config: no profile named nope");
  EXPECT_FALSE(read_aliyun_cli_profile("{\"current\":", ""));
  EXPECT_FALSE(read_aliyun_cli_profile(R"({"profiles":[]})", ""));
}

TEST(CredentialProfiles, AlibabaIniAccessKeyAndEcsRoleProfiles) {
  constexpr std::string_view kIni =
      "[default]\nenable = true\ntype = access_key\naccess_key_id = foo\naccess_key_secret = bar\n"
      "[ecs]\ntype = ecs_ram_role\nrole_name = EcsRamRoleTest\n"
      "[rsa]\ntype = rsa_key_pair\npublic_key_id = publicKeyId\n";
  const auto keys = read_alibaba_credentials_file(kIni, "default");
  ASSERT_TRUE(keys) << keys.error();
  EXPECT_EQ(std::get<Credentials>(*keys).id.reveal(), "foo");
  EXPECT_EQ(std::get<Credentials>(*keys).source, "profile:default");
  EXPECT_EQ(std::get<EcsRoleSpec>(ok(read_alibaba_credentials_file(kIni, "ecs"))).role_name,
            "EcsRamRoleTest");
  EXPECT_NE(read_alibaba_credentials_file(kIni, "rsa").error().find("rsa_key_pair"), std::string::npos);
  EXPECT_FALSE(read_alibaba_credentials_file(kIni, "missing"));
}

TEST(CredentialProfiles, TencentIniDefaultSectionWithOptionalToken) {
  const auto c =
      read_tencent_credentials_file("[default]\nsecret_id = AKIDz8krbsJ5\nsecret_key = Gu5t9xGARNpq\n");
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->id.reveal(), "AKIDz8krbsJ5");
  EXPECT_EQ(c->secret.reveal(), "Gu5t9xGARNpq");
  EXPECT_TRUE(c->token.empty());
  EXPECT_EQ(c->source, "profile:default");
  const auto with_token = read_tencent_credentials_file("[default]\nsecret_id=a\nsecret_key=b\ntoken=t\n");
  EXPECT_EQ(with_token->token.reveal(), "t");
}

TEST(CredentialProfiles, TencentIniWithoutKeysIsAnError) {
  EXPECT_NE(read_tencent_credentials_file("[default]\nsecret_id = a\n").error().find("secret_key is missing"),
            std::string::npos);
  EXPECT_NE(read_tencent_credentials_file("[prod]\nsecret_id = a\n").error().find("no such section"),
            std::string::npos);
}

}  // namespace
