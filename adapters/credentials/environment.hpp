#pragma once
// The environment variables and file locations the official SDKs use (PROTOCOLS.md §1, §2),
// read through an injected getenv. Pure apart from the two process_* factories at the end.
//
// Each reader returns nullopt when its source is not configured at all, and an error (which
// names variables, never values) when it is configured only in part: the chain logs that and
// moves on, as the SDKs do. An empty variable counts as unset, as in the SDKs.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>

#include "adapters/credentials/credentials.hpp"
#include "adapters/credentials/specs.hpp"

namespace qg::credentials {

template <class T>
using EnvResult = boost::system::result<std::optional<T>, std::string>;

// ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET [+ ALIBABA_CLOUD_SECURITY_TOKEN].
EnvResult<Credentials> read_alibaba_env_keys(const Getenv& getenv);
// TENCENTCLOUD_SECRET_ID + TENCENTCLOUD_SECRET_KEY [+ TENCENTCLOUD_SESSION_TOKEN].
EnvResult<Credentials> read_tencent_env_keys(const Getenv& getenv);

// RRSA: ALIBABA_CLOUD_ROLE_ARN + ALIBABA_CLOUD_OIDC_PROVIDER_ARN + ALIBABA_CLOUD_OIDC_TOKEN_FILE,
// optionally ALIBABA_CLOUD_ROLE_SESSION_NAME, ALIBABA_CLOUD_STS_REGION and
// ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true.
EnvResult<RrsaSpec> read_rrsa_env(const Getenv& getenv);
// TKE OIDC: TKE_REGION + TKE_PROVIDER_ID + TKE_WEB_IDENTITY_TOKEN_FILE + TKE_ROLE_ARN.
EnvResult<TkeSpec> read_tke_env(const Getenv& getenv);

// The ECS RAM role: nullopt when ALIBABA_CLOUD_ECS_METADATA_DISABLED=true; the role name from
// ALIBABA_CLOUD_ECS_METADATA (empty: discover); ALIBABA_CLOUD_IMDSV1_DISABLED=true forbids the
// fallback to requests without a session token.
std::optional<EcsRoleSpec> read_ecs_role_env(const Getenv& getenv);

struct ProfileLocation {
  std::string path;
  std::string profile;  // empty: the file's own default ("current" for the aliyun CLI)
};

// ALIBABA_CLOUD_CONFIG_FILE or <home>/.aliyun/config.json, profile ALIBABA_CLOUD_PROFILE;
// nullopt when ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true or there is neither override nor home.
std::optional<ProfileLocation> aliyun_cli_config(const Getenv& getenv, std::string_view home);
// ALIBABA_CLOUD_CREDENTIALS_FILE or <home>/.alibabacloud/credentials, profile
// ALIBABA_CLOUD_PROFILE or "default".
std::optional<ProfileLocation> alibaba_credentials_file(const Getenv& getenv, std::string_view home);
// TENCENTCLOUD_CREDENTIALS_FILE alone when set; otherwise <home>/.tencentcloud/credentials, then
// /etc/tencentcloud/credentials. The first that can be read is used.
std::vector<std::string> tencent_credentials_files(const Getenv& getenv, std::string_view home);

// The real process environment and file system, for production wiring.
Getenv process_getenv();
ReadFile disk_read_file();

}  // namespace qg::credentials
