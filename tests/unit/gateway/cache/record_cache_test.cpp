// RecordCache in virtual time: single-flight under 1,000 concurrent waiters, freshness,
// stale-while-revalidate, stale-if-error, failures remembered for error_ttl, requester deadlines
// shorter than the fetch, max_age, and two caches sharing one store as two replicas do.

#include <map>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>
#include <gtest/gtest.h>

#include "gateway/cache/record_cache.hpp"
#include "tests/support/co_test.hpp"
#include "tests/support/fixed_random.hpp"
#include "tests/support/memory_store.hpp"
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
    if (fail) {
      co_return cache::FetchOutcome{problem::upstream_failure(adapters::make_error(adapters::ErrorKind::kTransient, "down")),
                                    2, {}};
    }
    adapters::QuotaRecord r;
    r.id = "p:a:" + std::to_string(generation);
    co_return cache::FetchOutcome{cache::make_record_set({r}), 1, {}};
  }
  cache::Fetcher fetcher() {
    return [this] { return fetch(); };
  }
};

cache::CachePolicy policy(cache::Duration ttl, cache::Duration swr, cache::Duration sie, std::size_t entries = 16) {
  cache::CachePolicy p;
  p.ttl = ttl;
  p.stale_while_revalidate = swr;
  p.stale_if_error = sie;
  p.max_entries = entries;
  return p;
}

struct Fixture {
  test::SimulatedClock clock;
  test::FixedRandom random{{0.5}};
  base::TaskGroup tasks;
  std::optional<cache::RecordCache> cache;
  FakeSource source{clock};

  void make(net::any_io_executor ex, cache::CachePolicy p = {}, cache::SharedStore* shared = nullptr) {
    cache::RecordCacheDeps deps{p, clock, random, ex, tasks};
    deps.shared = shared;
    cache.emplace(std::move(deps));
  }
  cache::CacheRequest request(std::chrono::milliseconds wait = 5s, bool refresh = false) {
    cache::CacheRequest r;
    r.key = "acct";
    r.refresh = refresh;
    r.deadline = clock.steady_now() + wait;
    return r;
  }
};

net::awaitable<void> get_into(Fixture& f, std::vector<cache::CacheResult>& out) {
  out.push_back(co_await f.cache->get(f.request(), f.source.fetcher()));
}

TEST(RecordCache, SingleFlightUnderAThousandConcurrentWaiters) {
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

TEST(RecordCache, EveryWaiterGetsTheSameError) {
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
    EXPECT_EQ(r.error->upstream.message, "down");
  }
}

TEST(RecordCache, FreshHitsCostNothingAndReportFreshnessLeft) {
  Fixture f;
  test::run_simulated(f.clock, [&]() -> net::awaitable<void> {
    f.make(co_await net::this_coro::executor, policy(60s, 30s, 1h));
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

TEST(RecordCache, StaleWhileRevalidateAnswersAtOnceAndRefreshesOnce) {
  Fixture f;
  test::run_simulated(f.clock, [&]() -> net::awaitable<void> {
    f.make(co_await net::this_coro::executor, policy(60s, 30s, 1h));
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

TEST(RecordCache, StaleIfErrorServesTheLastGoodSetWithTheErrorUntilTheWindowEnds) {
  Fixture f;
  test::run_simulated(f.clock, [&]() -> net::awaitable<void> {
    f.make(co_await net::this_coro::executor, policy(60s, 0s, 10min));
    auto good = co_await f.cache->get(f.request(), f.source.fetcher());
    f.source.fail = true;
    co_await f.clock.sleep_for(5min);
    auto stale = co_await f.cache->get(f.request(), f.source.fetcher());
    EXPECT_EQ(stale.state, CacheState::kStaleError);
    EXPECT_EQ(stale.records, good.records);
    CO_ASSERT_TRUE(stale.error);
    EXPECT_EQ(stale.error->upstream.message, "down");
    EXPECT_EQ(stale.fresh_for, 0s);
    co_await f.clock.sleep_for(10min);  // past ttl + stale_if_error
    auto gone = co_await f.cache->get(f.request(), f.source.fetcher());
    EXPECT_EQ(gone.state, CacheState::kError);
    EXPECT_FALSE(gone.records);
  }());
}

TEST(RecordCache, RequesterDeadlineShorterThanTheFetchAnswersOnTimeAndTheFetchStillFillsTheCache) {
  Fixture f;
  f.source.delay = 3000ms;
  test::run_simulated(f.clock, [&]() -> net::awaitable<void> {
    f.make(co_await net::this_coro::executor);
    const auto asked = f.clock.steady_now();
    auto r = co_await f.cache->get(f.request(500ms), f.source.fetcher());
    EXPECT_EQ(r.state, CacheState::kError);
    CO_ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->upstream.kind, adapters::ErrorKind::kTimeout);
    EXPECT_EQ(f.clock.steady_now() - asked, 500ms);  // exactly at the deadline
    co_await f.clock.sleep_for(3s);
    auto later = co_await f.cache->get(f.request(500ms), f.source.fetcher());
    EXPECT_EQ(later.state, CacheState::kHit);
  }());
  EXPECT_EQ(f.source.fetches, 1);
}

TEST(RecordCache, RefreshBypassesFreshnessButJoinsAFetchInFlight) {
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

TEST(RecordCache, PerAccountTtlOverride) {
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

TEST(RecordCache, MemoryIsBoundedByEvictingTheLeastRecentlyUsed) {
  Fixture f;
  test::run_simulated(f.clock, [&]() -> net::awaitable<void> {
    f.make(co_await net::this_coro::executor, policy(60s, 30s, 1h, 2));
    for (const char* key : {"a", "b", "c"}) {
      // Named, not a braced temporary in the call: g++ 12 destroys such a coroutine argument twice.
      cache::CacheRequest request;
      request.key = key;
      request.deadline = f.clock.steady_now() + 5s;
      co_await f.cache->get(std::move(request), f.source.fetcher());
      co_await f.clock.sleep_for(1s);
    }
    EXPECT_EQ(f.cache->size(), 2u);
    auto snapshot = f.cache->snapshot();
    EXPECT_EQ(snapshot.front().key, "b");
  }());
}

TEST(RecordCache, AFailureIsAnsweredAtOnceForTheErrorTtlInsteadOfRefetchedPerRequest) {
  Fixture f;
  f.source.fail = true;
  test::run_simulated(f.clock, [&]() -> net::awaitable<void> {
    f.make(co_await net::this_coro::executor);  // error_ttl 5 s
    auto first = co_await f.cache->get(f.request(), f.source.fetcher());
    EXPECT_EQ(first.state, CacheState::kError);
    const auto before = f.clock.steady_now();
    for (int i = 0; i < 20; ++i) {
      auto again = f.cache->try_get(f.request(), f.source.fetcher());
      CO_ASSERT_TRUE(again);
      EXPECT_EQ(again->state, CacheState::kError);
      EXPECT_EQ(again->upstream_calls, 0u);
    }
    EXPECT_EQ(f.clock.steady_now(), before);
    EXPECT_EQ(f.source.fetches, 1);
    co_await f.clock.sleep_for(5s);
    EXPECT_FALSE(f.cache->try_get(f.request(), f.source.fetcher()));  // the error_ttl is over: fetch again
    co_await f.clock.sleep_for(1s);
    EXPECT_EQ(f.source.fetches, 2);
  }());
}

TEST(RecordCache, TryGetAnswersWhatNeedsNoWaitingAndStartsTheFetchOtherwise) {
  Fixture f;
  test::run_simulated(f.clock, [&]() -> net::awaitable<void> {
    f.make(co_await net::this_coro::executor, policy(60s, 30s, 1h));
    EXPECT_FALSE(f.cache->try_get(f.request(), f.source.fetcher()));  // cold: a fetch starts
    auto joined = co_await f.cache->get(f.request(), f.source.fetcher());
    EXPECT_EQ(joined.state, CacheState::kFetched);
    EXPECT_EQ(f.source.fetches, 1);  // get() joined the fetch try_get started
    auto hit = f.cache->try_get(f.request(), f.source.fetcher());
    CO_ASSERT_TRUE(hit);
    EXPECT_EQ(hit->state, CacheState::kHit);
    co_await f.clock.sleep_for(70s);
    auto stale = f.cache->try_get(f.request(), f.source.fetcher());
    CO_ASSERT_TRUE(stale);
    EXPECT_EQ(stale->state, CacheState::kStale);
  }());
}

TEST(RecordCache, MaxAgeFetchesWhatIsOlderAndServesWhatIsYounger) {
  Fixture f;
  test::run_simulated(f.clock, [&]() -> net::awaitable<void> {
    f.make(co_await net::this_coro::executor, policy(60s, 30s, 1h));
    auto first = co_await f.cache->get(f.request(), f.source.fetcher());
    co_await f.clock.sleep_for(10s);
    auto young = f.request();
    young.max_age = 20s;
    EXPECT_EQ((co_await f.cache->get(young, f.source.fetcher())).state, CacheState::kHit);
    auto strict = f.request();
    strict.max_age = 5s;
    auto fetched = co_await f.cache->get(strict, f.source.fetcher());
    EXPECT_EQ(fetched.state, CacheState::kFetched);
    EXPECT_NE(fetched.records, first.records);
  }());
  EXPECT_EQ(f.source.fetches, 2);
}

using test::MemoryStore;

TEST(RecordCache, TwoReplicasSharingAStoreFetchEachAccountOnce) {
  Fixture a;
  MemoryStore store;
  test::run_simulated(a.clock, [&]() -> net::awaitable<void> {
    auto ex = co_await net::this_coro::executor;
    a.make(ex, policy(60s, 30s, 1h), &store);
    base::TaskGroup b_tasks;
    test::FixedRandom b_random{{0.25}};
    cache::RecordCacheDeps b_deps{policy(60s, 30s, 1h), a.clock, b_random, ex, b_tasks};
    b_deps.shared = &store;
    cache::RecordCache b(std::move(b_deps));
    FakeSource b_source{a.clock};
    std::vector<cache::CacheResult> results;
    auto get = [&](cache::QuotaCache& c, FakeSource& s) -> net::awaitable<void> {
      results.push_back(co_await c.get(a.request(), s.fetcher()));
    };
    // Both replicas cold at the same moment: one fetch between them, the other waits for it.
    net::co_spawn(ex, get(*a.cache, a.source), net::detached);
    net::co_spawn(ex, get(b, b_source), net::detached);
    co_await a.clock.sleep_for(2s);
    EXPECT_EQ(a.source.fetches + b_source.fetches, 1);
    CO_ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0].records->digest, results[1].records->digest);
    // A refresh on one replica is seen by the other's max_age request without a fetch.
    auto refreshed = co_await a.cache->get(a.request(5s, true), a.source.fetcher());
    auto recent = a.request();
    recent.max_age = 1s;
    auto seen = co_await b.get(recent, b_source.fetcher());
    EXPECT_EQ(seen.records->digest, refreshed.records->digest);
    EXPECT_EQ(a.source.fetches + b_source.fetches, 2);
  }());
}

TEST(RecordCache, AStoreThatIsDownFallsBackToFetchingAlone) {
  Fixture f;
  MemoryStore store;
  store.down = true;
  int fallbacks = 0;
  test::run_simulated(f.clock, [&]() -> net::awaitable<void> {
    cache::RecordCacheDeps deps{policy(60s, 30s, 1h), f.clock, f.random, co_await net::this_coro::executor, f.tasks};
    deps.shared = &store;
    deps.on_store_fallback = [&](std::string_view) { ++fallbacks; };
    f.cache.emplace(std::move(deps));
    auto r = co_await f.cache->get(f.request(), f.source.fetcher());
    EXPECT_EQ(r.state, CacheState::kFetched);
  }());
  EXPECT_EQ(f.source.fetches, 1);
  EXPECT_EQ(fallbacks, 1);
}

}  // namespace
