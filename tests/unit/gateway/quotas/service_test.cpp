// QuotaService in simulated time with the real adapters against the emulator's in-process core:
// fan-out over accounts at once, partial answers when a source fails, one deadline that cuts a
// slow source off while the others are served, the warm path, and the breaker.

#include <functional>

#include <boost/asio/this_coro.hpp>
#include <gtest/gtest.h>

#include "adapters/common/concurrency.hpp"
#include "tests/support/co_test.hpp"
#include "tests/support/emulated_world.hpp"

namespace {

using namespace qg;
using namespace std::chrono_literals;
namespace net = boost::asio;
using quotas::SourceState;
using test::source_named;
using test::three_accounts;

// How long a cold collect of `accounts` takes in simulated time.
std::chrono::steady_clock::duration cold_collect(std::vector<quotas::Account> accounts, std::size_t& records) {
  test::World w(200);
  std::chrono::steady_clock::duration took{};
  w.run([&]() -> net::awaitable<void> {
    w.replica.start(co_await net::this_coro::executor, std::move(accounts));
    const auto started = w.clock.steady_now();
    auto sources = co_await w.replica.service->collect(w.replica.request(30s));
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
  test::World w;
  w.run([&]() -> net::awaitable<void> {
    w.replica.start(co_await net::this_coro::executor, three_accounts("a-wrong-secret"));
    auto sources = co_await w.replica.service->collect(w.replica.request());
    const auto& rtc = source_named(sources, "rtc");
    EXPECT_EQ(rtc.report.state, SourceState::kError);
    CO_ASSERT_TRUE(rtc.report.error);
    EXPECT_EQ(problem::kind_of(*rtc.report.error), problem::Kind::kUpstreamAuth);
    EXPECT_EQ(rtc.report.error->upstream.code, "SignatureDoesNotMatch");
    EXPECT_EQ(rtc.report.upstream_calls, 1u);
    EXPECT_EQ(source_named(sources, "live").report.state, SourceState::kOk);
    EXPECT_EQ(source_named(sources, "ai").report.state, SourceState::kOk);
  }());
}

TEST(QuotaService, TheDeadlineCutsASlowSourceOffWhileTheOthersAreServed) {
  test::World w;
  emulator::Faults slow;
  slow.latency_ms = 10'000;
  w.transport.core().set_faults(emulator::Api::kAlibabaAicontent, slow);
  w.run([&]() -> net::awaitable<void> {
    w.replica.start(co_await net::this_coro::executor, three_accounts());
    const auto started = w.clock.steady_now();
    auto sources = co_await w.replica.service->collect(w.replica.request(1s));
    EXPECT_LE(w.clock.steady_now() - started, 1s);
    const auto& ai = source_named(sources, "ai");
    EXPECT_EQ(ai.report.state, SourceState::kError);
    CO_ASSERT_TRUE(ai.report.error);
    EXPECT_EQ(ai.report.error->upstream.kind, adapters::ErrorKind::kTimeout);
    EXPECT_EQ(source_named(sources, "live").report.state, SourceState::kOk);
    EXPECT_EQ(source_named(sources, "rtc").report.state, SourceState::kOk);
  }());
}

TEST(QuotaService, TheWarmPathAnswersWithoutWaitingOnceEverySourceIsCached) {
  test::World w;
  w.run([&]() -> net::awaitable<void> {
    w.replica.start(co_await net::this_coro::executor, three_accounts());
    EXPECT_FALSE(w.replica.service->collect_now({}));
    co_await w.replica.service->collect(w.replica.request());
    const auto calls = w.transport.requests();
    auto warm = w.replica.service->collect_now({});
    CO_ASSERT_TRUE(warm);
    EXPECT_EQ(warm->size(), 3u);
    for (const auto& s : *warm) EXPECT_EQ(s.report.upstream_calls, 0u);
    EXPECT_EQ(w.transport.requests(), calls);
    // A filter on one account asks only that one.
    auto only_live = w.replica.service->collect_now([](std::string_view, std::string_view a) { return a == "live"; });
    CO_ASSERT_TRUE(only_live);
    EXPECT_EQ(only_live->size(), 1u);
  }());
}

TEST(QuotaService, AWarmListIsHandedOutAgainUntilAnAgeTicksOrTheCacheChanges) {
  test::World w;
  w.run([&]() -> net::awaitable<void> {
    w.replica.start(co_await net::this_coro::executor, three_accounts());
    co_await w.replica.service->collect(w.replica.request());
    const auto first = w.replica.service->collect_now({});
    CO_ASSERT_TRUE(first);
    for (const auto& s : *first) {
      EXPECT_EQ(s.report.state, SourceState::kOk) << s.report.account;
      EXPECT_GT(s.fresh_for.count(), 0) << s.report.account;
    }
    EXPECT_EQ(w.replica.service->collect_now({}), first);  // the same list: nothing looked up again
    const auto live = [](std::string_view, std::string_view a) { return a == "live"; };
    const auto only_live = w.replica.service->collect_now(live);
    CO_ASSERT_TRUE(only_live);
    EXPECT_EQ(only_live->size(), 1u);
    EXPECT_EQ(w.replica.service->collect_now({}), first);  // each filter keeps its own list

    w.clock.advance(std::chrono::seconds(1));  // every shown age ticks
    const auto later = w.replica.service->collect_now({});
    CO_ASSERT_TRUE(later);
    EXPECT_NE(later, first);
    EXPECT_EQ(source_named(*later, "live").report.age_seconds, source_named(*first, "live").report.age_seconds.value() + 1);
    EXPECT_EQ(w.replica.service->collect_now({}), later);

    auto refresh = w.replica.request();
    refresh.refresh = true;
    const auto calls = w.transport.requests();
    co_await w.replica.service->collect(std::move(refresh));  // the cache changes
    EXPECT_GT(w.transport.requests(), calls);
    const auto after = w.replica.service->collect_now({});
    CO_ASSERT_TRUE(after);
    EXPECT_NE(after, later);
    EXPECT_EQ(source_named(*after, "live").report.age_seconds, 0);
  }());
}

TEST(QuotaService, AListWithARememberedFailureIsKeptUntilTheErrorTtlEnds) {
  test::World w;
  cache::CachePolicy policy;
  policy.error_ttl = 5s;
  w.run([&]() -> net::awaitable<void> {
    w.replica.start(co_await net::this_coro::executor, three_accounts("a-wrong-secret"), policy);
    co_await w.replica.service->collect(w.replica.request(30s));
    const auto first = w.replica.service->collect_now({});
    CO_ASSERT_TRUE(first);
    CO_ASSERT_TRUE(source_named(*first, "rtc").report.error);
    EXPECT_EQ(source_named(*first, "rtc").report.state, SourceState::kError);
    EXPECT_EQ(w.replica.service->collect_now({}), first);  // the failure is remembered: the same list
    w.clock.advance(1s);  // ages tick
    const auto later = w.replica.service->collect_now({});
    CO_ASSERT_TRUE(later);
    EXPECT_NE(later, first);
    EXPECT_EQ(w.replica.service->collect_now({}), later);
    w.clock.advance(4s);  // error_ttl is over: the failing account is to be fetched again
    EXPECT_FALSE(w.replica.service->collect_now({}));
  }());
}

TEST(QuotaService, AnUnreachableCloudOpensTheBreakerButARefusedCredentialDoesNot) {
  test::World w;
  emulator::Faults down;
  down.fail_every = 1;
  down.fail_code = "ServiceUnavailable";
  w.transport.core().set_faults(emulator::Api::kTencentLive, down);
  cache::CachePolicy policy;
  policy.error_ttl = 0s;  // every collect tries again
  w.run([&]() -> net::awaitable<void> {
    w.replica.start(co_await net::this_coro::executor, three_accounts("a-wrong-secret"), policy);
    for (int i = 0; i < 3; ++i) co_await w.replica.service->collect(w.replica.request(30s));
    auto sources = co_await w.replica.service->collect(w.replica.request(30s));
    const auto& live = source_named(sources, "live");
    CO_ASSERT_TRUE(live.report.error);
    EXPECT_EQ(problem::kind_of(*live.report.error), problem::Kind::kCircuitOpen);
    EXPECT_EQ(live.report.upstream_calls, 0u);
    const auto& rtc = source_named(sources, "rtc");
    CO_ASSERT_TRUE(rtc.report.error);
    EXPECT_EQ(problem::kind_of(*rtc.report.error), problem::Kind::kUpstreamAuth);  // still asked each time
    EXPECT_EQ(rtc.report.upstream_calls, 1u);
  }());
}


quotas::CollectRequest refresh_of(const test::Replica& r) {
  auto request = r.request(30s);
  request.refresh = true;
  return request;
}

// The refresh budget of "live" (20/s) at the default share, as refresh-ahead and clients spend it.
const ratelimit::RateLimit kLiveBudget = quotas::refresh_budget(ratelimit::RateLimit{20, 1s}, 0.5);

TEST(QuotaService, AClientsRefreshPastTheAccountsRefreshBudgetIsAnsweredFromTheCache) {
  test::World w;
  w.run([&]() -> net::awaitable<void> {
    w.replica.start(co_await net::this_coro::executor, test::only(three_accounts(), "live"));
    co_await w.replica.service->collect(w.replica.request());
    // Refresh-ahead (or another replica) has the budget's slots of the next second reserved.
    for (int i = 0; i < 12; ++i) {
      EXPECT_TRUE(w.replica.pacer.reserve(quotas::refresh_budget_key("live"), kLiveBudget, w.clock.steady_now() + 10s));
    }
    const auto calls = w.transport.requests();
    const auto skipped = co_await w.replica.service->collect(refresh_of(w.replica));
    EXPECT_TRUE(skipped[0].refresh_skipped);
    EXPECT_EQ(skipped[0].report.state, SourceState::kOk);  // the cached set
    EXPECT_TRUE(skipped[0].records);
    EXPECT_EQ(w.transport.requests(), calls);
    w.clock.advance(2s);  // the budget has room again
    const auto admitted = co_await w.replica.service->collect(refresh_of(w.replica));
    EXPECT_FALSE(admitted[0].refresh_skipped);
    EXPECT_GT(w.transport.requests(), calls);
    EXPECT_EQ(admitted[0].report.age_seconds, 0);
  }());
}

TEST(QuotaService, RefreshesThatFindAFetchInFlightJoinItWithoutSpendingTheBudget) {
  test::World w(100);
  w.run([&]() -> net::awaitable<void> {
    w.replica.start(co_await net::this_coro::executor, test::only(three_accounts(), "live"));
    co_await w.replica.service->collect(w.replica.request());
    const auto before = w.transport.requests();
    const auto one = co_await w.replica.service->collect(refresh_of(w.replica));
    const auto per_fetch = w.transport.requests() - before;
    w.clock.advance(5s);
    std::vector<std::function<net::awaitable<std::vector<quotas::SourceData>>()>> together;
    for (int i = 0; i < 5; ++i) together.push_back([&] { return w.replica.service->collect(refresh_of(w.replica)); });
    const auto answers = co_await adapters::gather(std::move(together));
    EXPECT_EQ(w.transport.requests(), before + 2 * per_fetch);  // one more fetch for all five
    for (const auto& a : answers) {
      EXPECT_FALSE(a[0].refresh_skipped);
      EXPECT_EQ(a[0].report.state, SourceState::kOk);
    }
    EXPECT_FALSE(one[0].refresh_skipped);
  }());
}

TEST(QuotaService, ClientRefreshesAreKeptWithinTheAccountsRefreshBudget) {
  test::World w;
  w.run([&]() -> net::awaitable<void> {
    w.replica.start(co_await net::this_coro::executor, test::only(three_accounts(), "live"));
    co_await w.replica.service->collect(w.replica.request());
    const auto before = w.transport.requests();
    const auto started = w.clock.steady_now();
    int skipped = 0, fetched = 0;
    for (int i = 0; i < 60; ++i) {  // a refresh every 50 ms for three seconds
      const auto answer = co_await w.replica.service->collect(refresh_of(w.replica));
      skipped += answer[0].refresh_skipped ? 1 : 0;
      fetched += answer[0].report.upstream_calls > 0 ? 1 : 0;
      w.clock.advance(50ms);
    }
    const auto calls = w.transport.requests() - before;
    const double seconds = std::chrono::duration<double>(w.clock.steady_now() - started).count();
    // 10/s (and its burst of 2), never the account's 20/s; the rest answered from the cache.
    EXPECT_LE(static_cast<double>(calls), 10 * seconds + 2);
    EXPECT_GE(static_cast<double>(calls), 5 * seconds);
    EXPECT_GT(skipped, 0);
    EXPECT_EQ(skipped + fetched, 60);
  }());
}

}  // namespace
