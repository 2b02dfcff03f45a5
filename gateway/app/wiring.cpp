#include "gateway/app/wiring.hpp"

#include <stdexcept>

#include "adapters/alibaba_aicontent/provider.hpp"
#include "adapters/alibaba_ice/provider.hpp"
#include "adapters/common/http_types.hpp"
#include "adapters/credentials/chain.hpp"
#include "adapters/credentials/environment.hpp"
#include "adapters/credentials/fetchers.hpp"
#include "adapters/tencent_live/provider.hpp"
#include "gateway/base/log.hpp"

namespace qg::app {
namespace {

adapters::Endpoint endpoint_or(const config::AccountConfig& a, adapters::Endpoint fallback) {
  adapters::Endpoint ep = fallback;
  if (!a.endpoint.empty()) {
    auto parsed = adapters::parse_endpoint(a.endpoint);
    if (!parsed) throw std::invalid_argument("account " + a.name + ": endpoint " + parsed.error());
    ep = *parsed;
  }
  ep.ca_file = a.ca_file;
  return ep;
}

std::unique_ptr<adapters::QuotaProvider> make_tencent_live(const config::AccountConfig& a) {
  tencent_live::TencentLiveOptions o;
  o.account = a.name;
  o.endpoint = endpoint_or(a, tencent_live::default_endpoint());
  o.secret_id = a.secret_id;
  o.secret_key = a.secret_key;
  o.session_token = a.session_token;
  o.region = a.region;
  o.language = a.language;
  if (a.page_size > 0) o.page_size = a.page_size;
  return tencent_live::make_provider(std::move(o));
}

std::unique_ptr<adapters::QuotaProvider> make_alibaba_ice(const config::AccountConfig& a) {
  alibaba_ice::IceOptions o;
  o.account = a.name;
  if (!a.region.empty()) o.region = a.region;
  o.endpoint = endpoint_or(a, alibaba_ice::default_endpoint(o.region));
  o.access_key_id = a.access_key_id.reveal();
  o.access_key_secret = a.access_key_secret;
  o.security_token = a.security_token;
  if (a.page_size > 0) o.page_size = a.page_size;
  return alibaba_ice::make_provider(std::move(o));
}

std::unique_ptr<adapters::QuotaProvider> make_alibaba_aicontent(const config::AccountConfig& a) {
  alibaba_aicontent::AicontentOptions o;
  o.account = a.name;
  o.endpoint = endpoint_or(a, alibaba_aicontent::default_endpoint());
  o.access_key_id = a.access_key_id.reveal();
  o.access_key_secret = a.access_key_secret;
  o.security_token = a.security_token;
  if (a.page_size > 0) o.max_results = a.page_size;
  return alibaba_aicontent::make_provider(std::move(o));
}

std::optional<adapters::Endpoint> endpoint_of(const std::string& url, const std::string& what) {
  if (url.empty()) return std::nullopt;
  auto parsed = adapters::parse_endpoint(url);
  if (!parsed) throw std::invalid_argument(what + " " + parsed.error());
  return *parsed;
}

std::int64_t seconds_of(const std::optional<config::Duration>& d, std::int64_t fallback) {
  return d ? std::chrono::duration_cast<std::chrono::seconds>(*d).count() : fallback;
}

std::shared_ptr<credentials::CredentialProvider> oidc_provider(const config::CredentialsConfig& c, bool tencent,
                                                               adapters::HttpsClient& client,
                                                               std::optional<adapters::Endpoint> sts) {
  const auto read_file = credentials::disk_read_file();
  if (tencent) {
    credentials::TkeSpec spec{c.region, c.provider_id, c.token_file, c.role_arn, c.session_name,
                              static_cast<int>(seconds_of(c.duration, 7200))};
    return credentials::make_tke_provider(client, std::move(spec), read_file, std::move(sts));
  }
  credentials::RrsaSpec spec;
  spec.role_arn = c.role_arn;
  spec.oidc_provider_arn = c.oidc_provider_arn;
  spec.token_file = c.token_file;
  spec.session_name = c.session_name;
  spec.duration_seconds = static_cast<int>(seconds_of(c.duration, 3600));
  spec.sts_region = c.region;
  return credentials::make_rrsa_provider(client, std::move(spec), read_file, std::move(sts));
}

}  // namespace

std::shared_ptr<credentials::CredentialProvider> make_credentials(const config::AccountConfig& a,
                                                                  adapters::HttpsClient& client) {
  if (!a.credentials) return nullptr;  // static keys: the adapter signs with them
  const auto& c = *a.credentials;
  const bool tencent = a.info() && a.info()->credentials == adapters::CredentialStyle::kTencent;
  const std::string where = "account " + a.name + ": credentials";
  auto metadata = endpoint_of(c.metadata_endpoint, where + ".metadata_endpoint");
  auto sts = endpoint_of(c.sts_endpoint, where + ".sts_endpoint");
  if (c.source == "instance_role") {
    if (tencent) return credentials::make_cvm_role_provider(client, credentials::CvmRoleSpec{c.role_name}, metadata);
    credentials::EcsRoleSpec spec;
    spec.role_name = c.role_name;
    return credentials::make_ecs_role_provider(client, std::move(spec), metadata);
  }
  if (c.source == "oidc") return oidc_provider(c, tencent, client, std::move(sts));
  auto chain = credentials::make_default_chain(tencent ? credentials::Cloud::kTencent : credentials::Cloud::kAlibaba,
                                               client, credentials::process_environment(),
                                               credentials::ChainOptions{metadata, sts, {}});
  for (const auto& note : chain.notes) base::log_info("credential source skipped", {{"account", a.name}, {"note", note}});
  base::log_info("credential source", {{"account", a.name}, {"source", chain.provider->describe()}});
  return std::shared_ptr<credentials::CredentialProvider>(std::move(chain.provider));
}

namespace {

// The one place a catalog entry meets its adapter.
std::unique_ptr<adapters::QuotaProvider> make_provider(const config::AccountConfig& a) {
  const auto* info = a.info();
  if (info == nullptr) throw std::invalid_argument("account " + a.name + ": unknown provider " + a.provider);
  switch (info->id) {
    case adapters::ProviderId::kTencentLive: return make_tencent_live(a);
    case adapters::ProviderId::kAlibabaIce: return make_alibaba_ice(a);
    case adapters::ProviderId::kAlibabaAicontent: return make_alibaba_aicontent(a);
  }
  throw std::invalid_argument("account " + a.name + ": unknown provider " + a.provider);
}

}  // namespace

quotas::Account build_account(const config::AccountConfig& a, const retry::BreakerPolicy& breaker,
                              adapters::HttpsClient& client) {
  quotas::Account account;
  account.upstream.credentials = make_credentials(a, client);
  account.provider = make_provider(a);
  account.upstream.provider = a.provider;
  account.upstream.account = a.name;
  account.upstream.endpoint = account.provider->endpoint();
  account.upstream.rate_limit = a.effective_rate_limit();
  if (a.cache_ttl) account.cache_ttl = std::chrono::duration_cast<cache::Duration>(*a.cache_ttl);
  account.breaker = std::make_unique<retry::CircuitBreaker>(breaker);
  return account;
}

std::vector<quotas::Account> build_accounts(const config::GatewayConfig& config, adapters::HttpsClient& client) {
  std::vector<quotas::Account> out;
  for (const auto& a : config.accounts) out.push_back(build_account(a, config.circuit_breaker, client));
  return out;
}

}  // namespace qg::app
