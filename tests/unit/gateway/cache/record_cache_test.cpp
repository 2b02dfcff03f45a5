// MemoryCache in virtual time: single-flight under 1,000 concurrent waiters, freshness,
// stale-while-revalidate, stale-if-error, requester deadlines shorter than the fetch.

#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>
#include <gtest/gtest.h>

#include "gateway/cache/memory_cache.hpp"
#include "tests/support/co_test.hpp"
#include "tests/support/simulated_clock.hpp"

namespace {

using namespace qg;
using namespace std::chrono_literals;
namespace net = boost::asio;
using cache::CacheState;

// An upstream that takes `delay` (virtual) per fetch and counts its calls.
struct FakeSource {
  test::SimulatedClock& clock;
  std::chrono::milliseconds delay{100};
  bool fail = false;
  int fetches = 0;

  net::awaitable<cache::FetchOutcome> fetch() {
    ++fetches;
    const int generation = fetches;
    co_await clock.sleep_for(delay);
    if (fail) co_return cache::FetchOutcome{adapters::make_error(adapters::ErrorKind::kTransient, "down"), 2, {}};
    adapters::QuotaRecord r;
    r.id = "p:a:" + std::to_string(generation);
    co_return cache::FetchOutcome{cache::make_record_set({r}), 1, {}};
  }
  cache::Fetcher fetcher() {
    return [this] { return fetch(); };
  }
};

struct Fixture {
  test::SimulatedClock clock;
  base::TaskGroup tasks;
  std::optional<cache::MemoryCache> cache;
  FakeSource source{clock};

  void make(net::any_io_executor ex, cache::CachePolicy policy = {}) { cache.emplace(policy, clock, ex, tasks); }
  cache::CacheRequest request(std::chrono::milliseconds wait = 5s, bool refresh = false) {
    return cache::CacheRequest{"acct", std::nullopt, refresh, clock.steady_now() + wait};
  }
};

net::awaitable<void> get_into(Fixture& f, std::vector<cache::CacheResult>& out) {
  out.push_back(co_await f.cache->get(f.request(), f.source.fetcher()));
}

TEST(MemoryCache, SingleFlightUnderAThousandConcurrentWaiters) {
  Fixture f;
  std::vector<cache::CacheResult> results;
  test::run_simulated(f.clock, [&]() -> net::awaitable<void> {
    f.make(co_await net::this_coro::executor);
    for (int i = 0; i < 1000; ++i) net::co_spawn(co_await net::this_coro::executor, get_into(f, results), net::detached);
    co_return;
  }());
  EXPECT_EQ(f.source.fetches, 1);
  ASSERT_EQ(results.size(), 1000u);
  for (const auto& r : results) {
    EXPECT_EQ(r.state, CacheState::kFetched);
    EXPECT_EQ(r.records, results.front().records);  // the very same set
    EXPECT_EQ(r.upstream_calls, 1u);
  }
}

TEST(MemoryCache, EveryWaiterGetsTheSameError) {
  Fixture f;
  f.source.fail = true;
  std::vector<cache::CacheResult> results;
  test::run_simulated(f.clock, [&]() -> net::awaitable<void> {
    f.make(co_await net::this_coro::executor);
    for (int i = 0; i < 50; ++i) net::co_spawn(co_await net::this_coro::executor, get_into(f, results), net::detached);
    co_return;
  }());
  EXPECT_EQ(f.source.fetches, 1);
  ASSERT_EQ(results.size(), 50u);
  for (const auto& r : results) {
    EXPECT_EQ(r.state, CacheState::kError);
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->message, "down");
  }
}

TEST(MemoryCache, FreshHitsCostNothingAndReportFreshnessLeft) {
  Fixture f;
  test::run_simulated(f.clock, [&]() -> net::awaitable<void> {
    f.make(co_await net::this_coro::executor, cache::CachePolicy{60s, 30s, 1h, 16});
    auto first = co_await f.cache->get(f.request(), f.source.fetcher());
    EXPECT_EQ(first.state, CacheState::kFetched);
    EXPECT_EQ(first.fresh_for, 60s);
    co_await f.clock.sleep_for(20s);
    auto hit = co_await f.cache->get(f.request(), f.source.fetcher());
    EXPECT_EQ(hit.state, CacheState::kHit);
    EXPECT_EQ(hit.records, first.records);
    EXPECT_EQ(hit.fresh_for, 40s);
    EXPECT_EQ(hit.upstream_calls, 0u);
  }());
  EXPECT_EQ(f.source.fetches, 1);
}

TEST(MemoryCache, StaleWhileRevalidateAnswersAtOnceAndRefreshesOnce) {
  Fixture f;
  test::run_simulated(f.clock, [&]() -> net::awaitable<void> {
    f.make(co_await net::this_coro::executor, cache::CachePolicy{60s, 30s, 1h, 16});
    auto first = co_await f.cache->get(f.request(), f.source.fetcher());
    co_await f.clock.sleep_for(70s);  // expired, inside the 30 s revalidation window
    for (int i = 0; i < 20; ++i) {
      const auto before = f.clock.steady_now();
      auto r = co_await f.cache->get(f.request(), f.source.fetcher());
      EXPECT_EQ(r.state, CacheState::kStale);
      EXPECT_EQ(r.records, first.records);
      EXPECT_EQ(f.clock.steady_now(), before);  // no waiting for the refresh
    }
    co_await f.clock.sleep_for(1s);  // the background refresh completes
    auto fresh = co_await f.cache->get(f.request(), f.source.fetcher());
    EXPECT_EQ(fresh.state, CacheState::kHit);
    EXPECT_NE(fresh.records, first.records);
  }());
  EXPECT_EQ(f.source.fetches, 2);  // one refresh for twenty stale answers
}

TEST(MemoryCache, StaleIfErrorServesTheLastGoodSetWithTheErrorUntilTheWindowEnds) {
  Fixture f;
  test::run_simulated(f.clock, [&]() -> net::awaitable<void> {
    f.make(co_await net::this_coro::executor, cache::CachePolicy{60s, 0s, 10min, 16});
    auto good = co_await f.cache->get(f.request(), f.source.fetcher());
    f.source.fail = true;
    co_await f.clock.sleep_for(5min);
    auto stale = co_await f.cache->get(f.request(), f.source.fetcher());
    EXPECT_EQ(stale.state, CacheState::kStaleError);
    EXPECT_EQ(stale.records, good.records);
    CO_ASSERT_TRUE(stale.error);
    EXPECT_EQ(stale.error->message, "down");
    EXPECT_EQ(stale.fresh_for, 0s);
    co_await f.clock.sleep_for(10min);  // past ttl + stale_if_error
    auto gone = co_await f.cache->get(f.request(), f.source.fetcher());
    EXPECT_EQ(gone.state, CacheState::kError);
    EXPECT_FALSE(gone.records);
  }());
}

TEST(MemoryCache, RequesterDeadlineShorterThanTheFetchAnswersOnTimeAndTheFetchStillFillsTheCache) {
  Fixture f;
  f.source.delay = 3000ms;
  test::run_simulated(f.clock, [&]() -> net::awaitable<void> {
    f.make(co_await net::this_coro::executor);
    const auto asked = f.clock.steady_now();
    auto r = co_await f.cache->get(f.request(500ms), f.source.fetcher());
    EXPECT_EQ(r.state, CacheState::kError);
    CO_ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->kind, adapters::ErrorKind::kTimeout);
    EXPECT_EQ(f.clock.steady_now() - asked, 500ms);  // exactly at the deadline
    co_await f.clock.sleep_for(3s);
    auto later = co_await f.cache->get(f.request(500ms), f.source.fetcher());
    EXPECT_EQ(later.state, CacheState::kHit);
  }());
  EXPECT_EQ(f.source.fetches, 1);
}

TEST(MemoryCache, RefreshBypassesFreshnessButJoinsAFetchInFlight) {
  Fixture f;
  test::run_simulated(f.clock, [&]() -> net::awaitable<void> {
    auto ex = co_await net::this_coro::executor;
    f.make(ex);
    co_await f.cache->get(f.request(), f.source.fetcher());
    std::vector<cache::CacheResult> results;
    auto refresh = [](Fixture& fx, std::vector<cache::CacheResult>& out) -> net::awaitable<void> {
      out.push_back(co_await fx.cache->get(fx.request(5s, true), fx.source.fetcher()));
    };
    for (int i = 0; i < 10; ++i) net::co_spawn(ex, refresh(f, results), net::detached);
    co_await f.clock.sleep_for(1s);
    EXPECT_EQ(results.size(), 10u);
    for (const auto& r : results) EXPECT_EQ(r.state, CacheState::kFetched);
  }());
  EXPECT_EQ(f.source.fetches, 2);
}

TEST(MemoryCache, PerAccountTtlOverride) {
  Fixture f;
  test::run_simulated(f.clock, [&]() -> net::awaitable<void> {
    f.make(co_await net::this_coro::executor);
    auto req = f.request();
    req.ttl = 5s;
    co_await f.cache->get(req, f.source.fetcher());
    co_await f.clock.sleep_for(6s);
    req = f.request();
    req.ttl = 5s;
    auto r = co_await f.cache->get(req, f.source.fetcher());
    EXPECT_EQ(r.state, CacheState::kStale);  // expired after 5 s, not the default 60 s
  }());
}

TEST(MemoryCache, MemoryIsBoundedByEvictingTheLeastRecentlyUsed) {
  Fixture f;
  test::run_simulated(f.clock, [&]() -> net::awaitable<void> {
    f.make(co_await net::this_coro::executor, cache::CachePolicy{60s, 30s, 1h, 2});
    for (const char* key : {"a", "b", "c"}) {
      // Named, not a braced temporary in the call: g++ 12 destroys such a coroutine argument twice.
      cache::CacheRequest request{key, std::nullopt, false, f.clock.steady_now() + 5s};
      co_await f.cache->get(std::move(request), f.source.fetcher());
      co_await f.clock.sleep_for(1s);
    }
    EXPECT_EQ(f.cache->size(), 2u);
    auto snapshot = f.cache->snapshot();
    EXPECT_EQ(snapshot.front().key, "b");
  }());
}

}  // namespace
