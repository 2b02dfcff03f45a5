#include "tests/support/emulated_world.hpp"

#include <gtest/gtest.h>

#include "adapters/alibaba_aicontent/provider.hpp"
#include "adapters/alibaba_ice/provider.hpp"
#include "adapters/tencent_live/provider.hpp"

namespace qg::test {

using namespace std::chrono_literals;

emulator::EmulatorOptions world_emulator_options(int latency_ms) {
  emulator::EmulatorOptions o;
  o.data_epoch = kWorldEpoch;
  o.latency_ms = latency_ms;
  return o;
}

namespace {

quotas::Account account(std::unique_ptr<adapters::QuotaProvider> provider, double rate) {
  quotas::Account a;
  a.upstream = {std::string(provider->provider()), provider->account(), provider->endpoint(), {rate, 1s}};
  a.provider = std::move(provider);
  a.breaker = std::make_unique<retry::CircuitBreaker>(retry::BreakerPolicy{3, 30s});
  return a;
}

}  // namespace

std::vector<quotas::Account> three_accounts(std::string alibaba_secret) {
  tencent_live::TencentLiveOptions live;
  live.account = "live";
  live.secret_id = adapters::Secret(emulator::kDefaultTencentCredential.id);
  live.secret_key = adapters::Secret(emulator::kDefaultTencentCredential.secret);
  alibaba_ice::IceOptions ice;
  ice.account = "rtc";
  ice.access_key_id = emulator::kDefaultAlibabaCredential.id;
  ice.access_key_secret = adapters::Secret(alibaba_secret);
  alibaba_aicontent::AicontentOptions ai;
  ai.account = "ai";
  ai.access_key_id = emulator::kDefaultAlibabaCredential.id;
  ai.access_key_secret = adapters::Secret(emulator::kDefaultAlibabaCredential.secret);
  std::vector<quotas::Account> out;
  out.push_back(account(tencent_live::make_provider(live), 20));
  out.push_back(account(alibaba_ice::make_provider(ice), 10));
  out.push_back(account(alibaba_aicontent::make_provider(ai), 10));
  return out;
}

std::vector<quotas::Account> only(std::vector<quotas::Account> accounts, std::string_view name) {
  std::vector<quotas::Account> out;
  for (auto& a : accounts) {
    if (a.upstream.account == name) out.push_back(std::move(a));
  }
  return out;
}

Replica::Replica(SimulatedClock& c, adapters::HttpTransport& t) : clock(c), transport(t) {}

void Replica::start(boost::asio::any_io_executor ex, std::vector<quotas::Account> accounts, cache::CachePolicy policy,
                    cache::SharedStore* shared) {
  cache::RecordCacheDeps deps{policy, clock, random, ex, tasks};
  deps.shared = shared;
  cache.emplace(std::move(deps));
  retry::RetryPolicy retry;
  retry.attempt_timeout = 2s;
  quotas::ServiceDeps service_deps{quotas::UpstreamDeps{clock, random, pacer, transport, retry, {}}, *cache, 5s, {}};
  service.emplace(std::move(service_deps), std::move(accounts));
}

quotas::CollectRequest Replica::request(std::chrono::milliseconds deadline) const {
  quotas::CollectRequest r;
  r.deadline = clock.steady_now() + deadline;
  return r;
}

const quotas::SourceData& source_named(const std::vector<quotas::SourceData>& all, std::string_view name) {
  for (const auto& s : all) {
    if (s.report.account == name) return s;
  }
  ADD_FAILURE() << "no source " << name;
  return all.front();
}

}  // namespace qg::test
