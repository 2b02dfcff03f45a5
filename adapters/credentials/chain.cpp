#include "adapters/credentials/chain.hpp"

#include <utility>

#include "adapters/credentials/environment.hpp"
#include "adapters/credentials/fetchers.hpp"
#include "adapters/credentials/profiles.hpp"

namespace qg::credentials {
namespace {

using ProviderPtr = std::unique_ptr<CredentialProvider>;

struct Builder {
  adapters::HttpsClient& client;
  const ChainEnvironment& env;
  const ChainOptions& options;
  std::vector<std::string> notes;

  template <class T>
  std::optional<T> take(EnvResult<T> found) {
    if (!found) {
      notes.push_back(found.error());
      return std::nullopt;
    }
    return std::move(*found);
  }

  ProviderPtr ecs(EcsRoleSpec spec) {
    // The environment's IMDSv1 switch applies to a role named in a profile as well.
    if (auto from_env = read_ecs_role_env(env.getenv)) spec.disable_imdsv1 |= from_env->disable_imdsv1;
    return make_ecs_role_provider(client, std::move(spec), options.metadata, options.refresh);
  }
  ProviderPtr rrsa(RrsaSpec spec) {
    return make_rrsa_provider(client, std::move(spec), env.read_file, options.sts, options.refresh);
  }
  ProviderPtr alibaba_profile(AlibabaProfile profile) {
    if (auto* keys = std::get_if<Credentials>(&profile))
      return std::make_unique<StaticProvider>(std::move(*keys));
    if (auto* role = std::get_if<EcsRoleSpec>(&profile)) return ecs(std::move(*role));
    return rrsa(std::get<RrsaSpec>(std::move(profile)));
  }

  // A profile file that does not exist is simply not configured; one that exists but cannot be
  // used is skipped with a note.
  template <class Read>
  ProviderPtr from_file(const std::optional<ProfileLocation>& where, Read read) {
    if (!where) return nullptr;
    auto text = env.read_file(where->path);
    if (!text) return nullptr;
    auto profile = read(*text, where->profile);
    if (!profile) {
      notes.push_back(where->path + ": " + profile.error());
      return nullptr;
    }
    return alibaba_profile(std::move(*profile));
  }
};

ProviderPtr alibaba_chain(Builder& b) {
  const auto& getenv = b.env.getenv;
  if (auto keys = b.take(read_alibaba_env_keys(getenv)))
    return std::make_unique<StaticProvider>(std::move(*keys));
  if (auto spec = b.take(read_rrsa_env(getenv))) return b.rrsa(std::move(*spec));
  if (auto p = b.from_file(aliyun_cli_config(getenv, b.env.home), read_aliyun_cli_profile)) return p;
  if (auto p = b.from_file(alibaba_credentials_file(getenv, b.env.home), read_alibaba_credentials_file))
    return p;
  if (auto spec = read_ecs_role_env(getenv)) return b.ecs(std::move(*spec));
  b.notes.emplace_back("ECS RAM role: ALIBABA_CLOUD_ECS_METADATA_DISABLED=true");
  return nullptr;
}

ProviderPtr tencent_profile(Builder& b) {
  for (const auto& path : tencent_credentials_files(b.env.getenv, b.env.home)) {
    auto text = b.env.read_file(path);
    if (!text) continue;  // the SDKs try the next location only when this one does not exist
    auto keys = read_tencent_credentials_file(*text);
    if (keys) return std::make_unique<StaticProvider>(std::move(*keys));
    b.notes.push_back(path + ": " + keys.error());
    return nullptr;
  }
  return nullptr;
}

ProviderPtr tencent_chain(Builder& b) {
  const auto& getenv = b.env.getenv;
  if (auto keys = b.take(read_tencent_env_keys(getenv)))
    return std::make_unique<StaticProvider>(std::move(*keys));
  if (auto spec = b.take(read_tke_env(getenv))) {
    return make_tke_provider(b.client, std::move(*spec), b.env.read_file, b.options.sts, b.options.refresh);
  }
  if (auto p = tencent_profile(b)) return p;
  return make_cvm_role_provider(b.client, CvmRoleSpec{}, b.options.metadata, b.options.refresh);
}

std::string joined(const std::vector<std::string>& notes) {
  std::string out;
  for (const auto& n : notes) out.append(out.empty() ? "" : "; ").append(n);
  return out.empty() ? std::string("no source configured") : out;
}

}  // namespace

ChainEnvironment process_environment() {
  ChainEnvironment env{process_getenv(), disk_read_file(), {}};
  env.home = env.getenv("HOME").value_or("");
  return env;
}

Chain make_default_chain(Cloud cloud, adapters::HttpsClient& client, const ChainEnvironment& env,
                         const ChainOptions& options) {
  Builder b{client, env, options, {}};
  ProviderPtr provider = cloud == Cloud::kAlibaba ? alibaba_chain(b) : tencent_chain(b);
  if (!provider) provider = std::make_unique<UnavailableProvider>(joined(b.notes));
  return Chain{std::move(provider), std::move(b.notes)};
}

}  // namespace qg::credentials
