#include "gateway/app/wiring.hpp"

#include <stdexcept>

#include "adapters/alibaba_aicontent/provider.hpp"
#include "adapters/alibaba_ice/provider.hpp"
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

std::unique_ptr<adapters::QuotaProvider> make_provider(const config::AccountConfig& a) {
  if (a.provider == config::kTencentLive) {
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
  if (a.provider == config::kAlibabaIce) {
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
  if (a.provider == config::kAlibabaAicontent) {
    alibaba_aicontent::AicontentOptions o;
    o.account = a.name;
    o.endpoint = endpoint_or(a, alibaba_aicontent::default_endpoint());
    o.access_key_id = a.access_key_id.reveal();
    o.access_key_secret = a.access_key_secret;
    o.security_token = a.security_token;
    if (a.page_size > 0) o.max_results = a.page_size;
    return alibaba_aicontent::make_provider(std::move(o));
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
    account.upstream.rate_limit = a.rate_limit.value_or(config::default_rate_limit(a.provider));
    if (a.cache_ttl) account.cache_ttl = std::chrono::duration_cast<cache::Duration>(*a.cache_ttl);
    retry::BreakerPolicy breaker;
    breaker.failure_threshold = config.circuit_breaker.failure_threshold;
    breaker.cool_down = config.circuit_breaker.cool_down;
    account.breaker = std::make_unique<retry::CircuitBreaker>(breaker);
    out.push_back(std::move(account));
  }
  return out;
}

}  // namespace qg::app
