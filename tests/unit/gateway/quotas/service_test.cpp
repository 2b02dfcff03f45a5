// QuotaService in simulated time with the real adapters against the emulator's in-process core:
// fan-out over accounts at once, partial answers when a source fails, one deadline that cuts a
// slow source off while the others are served, the warm path, and the breaker.

#include <boost/asio/this_coro.hpp>
#include <gtest/gtest.h>

#include "adapters/alibaba_aicontent/provider.hpp"
#include "adapters/alibaba_ice/provider.hpp"
#include "adapters/tencent_live/provider.hpp"
#include "gateway/cache/record_cache.hpp"
#include "gateway/quotas/service.hpp"
#include "gateway/ratelimit/local_pacer.hpp"
#include "tests/support/co_test.hpp"
#include "tests/support/fixed_random.hpp"
#include "tests/support/simulated_clock.hpp"
#include "tests/support/transports.hpp"

namespace {

using namespace qg;
using namespace std::chrono_literals;
namespace net = boost::asio;
using quotas::SourceState;

constexpr std::int64_t kEpoch = 1780243200;  // 2026-06-01T00:00:00+08:00

emulator::EmulatorOptions emulator_options(int latency_ms) {
  emulator::EmulatorOptions o;
  o.data_epoch = kEpoch;
  o.latency_ms = latency_ms;
  return o;
}

quotas::Account account(std::unique_ptr<adapters::QuotaProvider> provider, double rate) {
  quotas::Account a;
  a.upstream = {std::string(provider->provider()), provider->account(), provider->endpoint(), {rate, 1s}};
  a.provider = std::move(provider);
  a.breaker = std::make_unique<retry::CircuitBreaker>(retry::BreakerPolicy{3, 30s});
  return a;
}

std::vector<quotas::Account> three_accounts(std::string alibaba_secret = emulator::kDefaultAlibabaCredential.secret) {
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

struct World {
  explicit World(int latency_ms = 0) : transport(clock, emulator_options(latency_ms)) {}
  test::SimulatedClock clock{base::SystemTime(std::chrono::seconds(kEpoch + 3600))};
  test::CountingRandom random;
  ratelimit::LocalPacer pacer{clock};
  test::EmulatorTransport transport;
  base::TaskGroup tasks;
  std::optional<cache::RecordCache> cache;
  std::optional<quotas::QuotaService> service;

  void start(net::any_io_executor ex, std::vector<quotas::Account> accounts, cache::CachePolicy policy = {}) {
    cache.emplace(cache::RecordCacheDeps{policy, clock, random, ex, tasks});
    retry::RetryPolicy retry;
    retry.attempt_timeout = 2s;
    quotas::ServiceDeps deps{quotas::UpstreamDeps{clock, random, pacer, transport, retry, {}}, *cache, 5s, {}};
    service.emplace(std::move(deps), std::move(accounts));
  }
  quotas::CollectRequest request(std::chrono::milliseconds deadline = 5s) {
    quotas::CollectRequest r;
    r.deadline = clock.steady_now() + deadline;
    return r;
  }
  const quotas::SourceData& source(const std::vector<quotas::SourceData>& all, std::string_view name) {
    for (const auto& s : all) {
      if (s.report.account == name) return s;
    }
    ADD_FAILURE() << "no source " << name;
    return all.front();
  }
};

// How long a cold collect of `accounts` takes in simulated time.
std::chrono::steady_clock::duration cold_collect(std::vector<quotas::Account> accounts, std::size_t& records) {
  World w(200);
  std::chrono::steady_clock::duration took{};
  test::run_simulated(w.clock, [&]() -> net::awaitable<void> {
    w.start(co_await net::this_coro::executor, std::move(accounts));
    const auto started = w.clock.steady_now();
    auto sources = co_await w.service->collect(w.request(30s));
    took = w.clock.steady_now() - started;
    records = 0;
    for (const auto& s : sources) {
      EXPECT_EQ(s.report.state, SourceState::kOk) << s.report.account;
      records += s.report.items;
    }
  }());
  return took;
}

TEST(QuotaService, AccountsAreFetchedAtOnceNotOneAfterAnother) {
  std::size_t together_records = 0, alone_records = 0, n = 0;
  const auto together = cold_collect(three_accounts(), together_records);
  std::chrono::steady_clock::duration slowest{}, sum{};
  for (std::size_t i = 0; i < 3; ++i) {
    auto all = three_accounts();
    std::vector<quotas::Account> one;
    one.push_back(std::move(all[i]));
    const auto alone = cold_collect(std::move(one), n);
    alone_records += n;
    slowest = std::max(slowest, alone);
    sum += alone;
  }
  EXPECT_EQ(together_records, alone_records);
  EXPECT_EQ(together_records, 500u + 120u + 60u);  // the emulator's default dataset
  EXPECT_LE(together, slowest + 50ms);
  EXPECT_LT(together, sum);
}

TEST(QuotaService, AWrongCredentialFailsItsSourceWithTheProvidersCodeAndNoRetry) {
  World w;
  test::run_simulated(w.clock, [&]() -> net::awaitable<void> {
    w.start(co_await net::this_coro::executor, three_accounts("a-wrong-secret"));
    auto sources = co_await w.service->collect(w.request());
    const auto& rtc = w.source(sources, "rtc");
    EXPECT_EQ(rtc.report.state, SourceState::kError);
    CO_ASSERT_TRUE(rtc.report.error);
    EXPECT_EQ(problem::kind_of(*rtc.report.error), problem::Kind::kUpstreamAuth);
    EXPECT_EQ(rtc.report.error->upstream.code, "SignatureDoesNotMatch");
    EXPECT_EQ(rtc.report.upstream_calls, 1u);
    EXPECT_EQ(w.source(sources, "live").report.state, SourceState::kOk);
    EXPECT_EQ(w.source(sources, "ai").report.state, SourceState::kOk);
  }());
}

TEST(QuotaService, TheDeadlineCutsASlowSourceOffWhileTheOthersAreServed) {
  World w;
  emulator::Faults slow;
  slow.latency_ms = 10'000;
  w.transport.core().set_faults(emulator::Api::kAlibabaAicontent, slow);
  test::run_simulated(w.clock, [&]() -> net::awaitable<void> {
    w.start(co_await net::this_coro::executor, three_accounts());
    const auto started = w.clock.steady_now();
    auto sources = co_await w.service->collect(w.request(1s));
    EXPECT_LE(w.clock.steady_now() - started, 1s);
    const auto& ai = w.source(sources, "ai");
    EXPECT_EQ(ai.report.state, SourceState::kError);
    CO_ASSERT_TRUE(ai.report.error);
    EXPECT_EQ(ai.report.error->upstream.kind, adapters::ErrorKind::kTimeout);
    EXPECT_EQ(w.source(sources, "live").report.state, SourceState::kOk);
    EXPECT_EQ(w.source(sources, "rtc").report.state, SourceState::kOk);
  }());
}

TEST(QuotaService, TheWarmPathAnswersWithoutWaitingOnceEverySourceIsCached) {
  World w;
  test::run_simulated(w.clock, [&]() -> net::awaitable<void> {
    w.start(co_await net::this_coro::executor, three_accounts());
    EXPECT_FALSE(w.service->collect_now({}));
    co_await w.service->collect(w.request());
    const auto calls = w.transport.requests();
    auto warm = w.service->collect_now({});
    CO_ASSERT_TRUE(warm);
    EXPECT_EQ(warm->size(), 3u);
    for (const auto& s : *warm) EXPECT_EQ(s.report.upstream_calls, 0u);
    EXPECT_EQ(w.transport.requests(), calls);
    // A filter on one account asks only that one.
    auto only_live = w.service->collect_now([](std::string_view, std::string_view a) { return a == "live"; });
    CO_ASSERT_TRUE(only_live);
    EXPECT_EQ(only_live->size(), 1u);
  }());
}

TEST(QuotaService, AnUnreachableCloudOpensTheBreakerButARefusedCredentialDoesNot) {
  World w;
  emulator::Faults down;
  down.fail_every = 1;
  down.fail_code = "ServiceUnavailable";
  w.transport.core().set_faults(emulator::Api::kTencentLive, down);
  cache::CachePolicy policy;
  policy.error_ttl = 0s;  // every collect tries again
  test::run_simulated(w.clock, [&]() -> net::awaitable<void> {
    w.start(co_await net::this_coro::executor, three_accounts("a-wrong-secret"), policy);
    for (int i = 0; i < 3; ++i) co_await w.service->collect(w.request(30s));
    auto sources = co_await w.service->collect(w.request(30s));
    const auto& live = w.source(sources, "live");
    CO_ASSERT_TRUE(live.report.error);
    EXPECT_EQ(problem::kind_of(*live.report.error), problem::Kind::kCircuitOpen);
    EXPECT_EQ(live.report.upstream_calls, 0u);
    const auto& rtc = w.source(sources, "rtc");
    CO_ASSERT_TRUE(rtc.report.error);
    EXPECT_EQ(problem::kind_of(*rtc.report.error), problem::Kind::kUpstreamAuth);  // still asked each time
    EXPECT_EQ(rtc.report.upstream_calls, 1u);
  }());
}

}  // namespace
