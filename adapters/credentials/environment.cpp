#include "adapters/credentials/environment.hpp"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <sstream>

namespace qg::credentials {
namespace {

// Spelled out: some specs are aggregates that C++20 would also construct from a string.
template <class T>
EnvResult<T> env_error(std::string message) {
  return EnvResult<T>(boost::system::in_place_error, std::move(message));
}

std::string var(const Getenv& getenv, std::string_view name) {
  return getenv(name).value_or("");
}

bool is_true(const Getenv& getenv, std::string_view name) {
  std::string v = var(getenv, name);
  for (auto& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return v == "true";
}

// nullopt: none of `names` set; "": all set; otherwise the message naming what is missing.
std::optional<std::string> missing(const Getenv& getenv, std::initializer_list<std::string_view> names) {
  std::string set, unset;
  for (const auto name : names) {
    auto& list = var(getenv, name).empty() ? unset : set;
    list.append(list.empty() ? "" : ", ").append(name);
  }
  if (set.empty()) return std::nullopt;
  if (unset.empty()) return std::string();
  return set + " set but " + unset + " not";
}

EnvResult<Credentials> env_keys(const Getenv& getenv, std::string_view id, std::string_view secret,
                                std::string_view token) {
  const auto gap = missing(getenv, {id, secret});
  if (!gap) return std::optional<Credentials>();
  if (!gap->empty()) return env_error<Credentials>(*gap);
  Credentials c;
  c.id = adapters::Secret(var(getenv, id));
  c.secret = adapters::Secret(var(getenv, secret));
  c.token = adapters::Secret(var(getenv, token));
  c.source = "env";
  return std::optional<Credentials>(std::move(c));
}

std::string join_path(std::string_view home, std::string_view rest) {
  std::string path(home);
  if (!path.empty() && path.back() != '/') path += '/';
  return path + std::string(rest);
}

}  // namespace

EnvResult<Credentials> read_alibaba_env_keys(const Getenv& getenv) {
  return env_keys(getenv, "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                  "ALIBABA_CLOUD_SECURITY_TOKEN");
}

EnvResult<Credentials> read_tencent_env_keys(const Getenv& getenv) {
  return env_keys(getenv, "TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SESSION_TOKEN");
}

EnvResult<RrsaSpec> read_rrsa_env(const Getenv& getenv) {
  const auto gap = missing(
      getenv, {"ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE"});
  if (!gap) return std::optional<RrsaSpec>();
  if (!gap->empty()) return env_error<RrsaSpec>("RRSA: " + *gap);
  RrsaSpec spec;
  spec.role_arn = var(getenv, "ALIBABA_CLOUD_ROLE_ARN");
  spec.oidc_provider_arn = var(getenv, "ALIBABA_CLOUD_OIDC_PROVIDER_ARN");
  spec.token_file = var(getenv, "ALIBABA_CLOUD_OIDC_TOKEN_FILE");
  spec.session_name = var(getenv, "ALIBABA_CLOUD_ROLE_SESSION_NAME");
  spec.sts_region = var(getenv, "ALIBABA_CLOUD_STS_REGION");
  spec.vpc = is_true(getenv, "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED");
  return std::optional<RrsaSpec>(std::move(spec));
}

EnvResult<TkeSpec> read_tke_env(const Getenv& getenv) {
  const auto gap =
      missing(getenv, {"TKE_REGION", "TKE_PROVIDER_ID", "TKE_WEB_IDENTITY_TOKEN_FILE", "TKE_ROLE_ARN"});
  if (!gap) return std::optional<TkeSpec>();
  if (!gap->empty()) return env_error<TkeSpec>("TKE OIDC: " + *gap);
  TkeSpec spec;
  spec.region = var(getenv, "TKE_REGION");
  spec.provider_id = var(getenv, "TKE_PROVIDER_ID");
  spec.token_file = var(getenv, "TKE_WEB_IDENTITY_TOKEN_FILE");
  spec.role_arn = var(getenv, "TKE_ROLE_ARN");
  return std::optional<TkeSpec>(std::move(spec));
}

std::optional<EcsRoleSpec> read_ecs_role_env(const Getenv& getenv) {
  if (is_true(getenv, "ALIBABA_CLOUD_ECS_METADATA_DISABLED")) return std::nullopt;
  EcsRoleSpec spec;
  spec.role_name = var(getenv, "ALIBABA_CLOUD_ECS_METADATA");
  spec.disable_imdsv1 = is_true(getenv, "ALIBABA_CLOUD_IMDSV1_DISABLED");
  return spec;
}

std::optional<ProfileLocation> aliyun_cli_config(const Getenv& getenv, std::string_view home) {
  if (is_true(getenv, "ALIBABA_CLOUD_CLI_PROFILE_DISABLED")) return std::nullopt;
  std::string path = var(getenv, "ALIBABA_CLOUD_CONFIG_FILE");
  if (path.empty() && home.empty()) return std::nullopt;
  if (path.empty()) path = join_path(home, ".aliyun/config.json");
  return ProfileLocation{std::move(path), var(getenv, "ALIBABA_CLOUD_PROFILE")};
}

std::optional<ProfileLocation> alibaba_credentials_file(const Getenv& getenv, std::string_view home) {
  std::string path = var(getenv, "ALIBABA_CLOUD_CREDENTIALS_FILE");
  if (path.empty() && home.empty()) return std::nullopt;
  if (path.empty()) path = join_path(home, ".alibabacloud/credentials");
  std::string profile = var(getenv, "ALIBABA_CLOUD_PROFILE");
  return ProfileLocation{std::move(path), profile.empty() ? "default" : std::move(profile)};
}

std::vector<std::string> tencent_credentials_files(const Getenv& getenv, std::string_view home) {
  if (auto path = var(getenv, "TENCENTCLOUD_CREDENTIALS_FILE"); !path.empty()) return {path};
  std::vector<std::string> paths;
  if (!home.empty()) paths.push_back(join_path(home, ".tencentcloud/credentials"));
  paths.emplace_back("/etc/tencentcloud/credentials");
  return paths;
}

Getenv process_getenv() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());  // NOLINT(concurrency-mt-unsafe): read-only use
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

ReadFile disk_read_file() {
  return [](const std::string& path) -> std::optional<std::string> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return std::move(text).str();
  };
}

}  // namespace qg::credentials
