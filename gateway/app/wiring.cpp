#include "gateway/app/wiring.hpp"

#include <stdexcept>

#include "adapters/alibaba_aicontent/provider.hpp"
#include "adapters/alibaba_ice/provider.hpp"
#include "adapters/common/http_types.hpp"
#include "adapters/tencent_live/provider.hpp"

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

std::vector<quotas::Account> build_accounts(const config::GatewayConfig& config) {
  std::vector<quotas::Account> out;
  for (const auto& a : config.accounts) {
    quotas::Account account;
    account.provider = make_provider(a);
    account.upstream.provider = a.provider;
    account.upstream.account = a.name;
    account.upstream.endpoint = account.provider->endpoint();
    account.upstream.rate_limit = a.effective_rate_limit();
    if (a.cache_ttl) account.cache_ttl = std::chrono::duration_cast<cache::Duration>(*a.cache_ttl);
    account.breaker = std::make_unique<retry::CircuitBreaker>(config.circuit_breaker);
    out.push_back(std::move(account));
  }
  return out;
}

}  // namespace qg::app
