// The refresher in simulated time against the emulator core: the cache stays fresh with no
// requests at all, one full fetch per ttl, within the budget share of the account's rate limit,
// backing off from a failing cloud, and one refresher's worth of fetches across two replicas
// that share a store.

#include <boost/asio/this_coro.hpp>
#include <gtest/gtest.h>

#include "gateway/refresh/refresher.hpp"
#include "tests/support/co_test.hpp"
#include "tests/support/emulated_world.hpp"
#include "tests/support/memory_store.hpp"

namespace {

using namespace qg;
using namespace std::chrono_literals;
namespace net = boost::asio;

cache::CachePolicy policy() {
  cache::CachePolicy p;
  p.ttl = 60s;
  p.stale_while_revalidate = 30s;
  return p;
}

refresh::Refresher refresher_for(test::Replica& r) {
  return refresh::Refresher(refresh::RefresherDeps{*r.service, r.clock, r.random, refresh::RefreshPolicy{}, 60s, {}});
}

// Requests the emulator's Tencent API counted so far.
std::uint64_t tencent_calls(test::World& w) { return w.transport.core().stats().api(emulator::Api::kTencentLive).calls; }

TEST(Refresher, KeepsTheSetFreshWithoutAnyRequestAtOneFullFetchPerTtl) {
  test::World w;
  w.run([&]() -> net::awaitable<void> {
    auto ex = co_await net::this_coro::executor;
    w.replica.start(ex, test::only(test::three_accounts(), "live"), policy());
    co_await w.replica.service->collect(w.replica.request());
    const auto per_fetch = tencent_calls(w);  // 3 package types, 7 pages
    auto refresher = refresher_for(w.replica);
    refresher.start(ex, w.replica.tasks);
    for (int i = 0; i < 120; ++i) {  // ten minutes, looked at every five seconds
      co_await w.clock.sleep_for(5s);
      const auto snap = w.replica.cache->snapshot("live");
      CO_ASSERT_TRUE(snap && snap->fetched_steady);
      EXPECT_LT(w.clock.steady_now() - *snap->fetched_steady, 61s) << "at " << i * 5 << " s";
    }
    const auto refreshes = (tencent_calls(w) - per_fetch) / per_fetch;
    EXPECT_GE(refreshes, 9u);
    EXPECT_LE(refreshes, 10u);  // ten minutes at one per minute, never more
    EXPECT_EQ((tencent_calls(w) - per_fetch) % per_fetch, 0u);  // whole fetches only
    w.replica.tasks.cancel();
    co_await w.replica.tasks.join();
  }());
}

TEST(Refresher, RefreshTrafficKeepsToItsShareOfTheRateLimit) {
  auto options = test::world_emulator_options(0);
  options.sizes.tencent_traffic = 3000;  // 30 pages of traffic packages: a fetch longer than a second
  net::io_context ioc;  // outlives the replica's cache and task group
  test::SimulatedClock clock{base::SystemTime(std::chrono::seconds(test::kWorldEpoch + 3600))};
  test::EmulatorTransport transport(clock, options);
  test::Replica replica(clock, transport);
  test::run_simulated(clock, ioc, [&]() -> net::awaitable<void> {
    auto ex = co_await net::this_coro::executor;
    replica.start(ex, test::only(test::three_accounts(), "live"), policy());
    co_await replica.service->collect(replica.request(30s));
    const auto warm = transport.core().stats().api(emulator::Api::kTencentLive);
    EXPECT_GT(warm.max_in_any_1s_window, 10u);  // a client's fetch may use the whole 20/s
    transport.core().reset();
    auto refresher = refresher_for(replica);
    refresher.start(ex, replica.tasks);
    co_await clock.sleep_for(5min);
    const auto refreshed = transport.core().stats().api(emulator::Api::kTencentLive);
    EXPECT_GT(refreshed.calls, 4 * warm.calls);
    EXPECT_LE(refreshed.max_in_any_1s_window, 10u);  // the default share: half of 20/s
    replica.tasks.cancel();
    co_await replica.tasks.join();
  }());
}

TEST(Refresher, AFailingCloudIsAskedLessAndLessOften) {
  test::World w;
  emulator::Faults down;
  down.fail_every = 1;
  down.fail_code = "InternalError";
  w.run([&]() -> net::awaitable<void> {
    auto ex = co_await net::this_coro::executor;
    w.replica.start(ex, test::only(test::three_accounts(), "live"), policy());
    co_await w.replica.service->collect(w.replica.request());
    w.transport.core().set_faults(emulator::Api::kTencentLive, down);
    const auto before = tencent_calls(w);
    auto refresher = refresher_for(w.replica);
    refresher.start(ex, w.replica.tasks);
    co_await w.clock.sleep_for(1h);
    // Every ttl would be 60 fetches of 3 first pages, each tried 3 times (540 requests): backoff
    // keeps it to a handful of fetches, and the open breaker answers some without a request.
    EXPECT_LT(tencent_calls(w) - before, 90u);
    w.replica.tasks.cancel();
    co_await w.replica.tasks.join();
  }());
}

TEST(Refresher, TwoReplicasSharingAStoreRefreshEachAccountOnceBetweenThem) {
  test::World w;
  test::MemoryStore store;
  test::Replica second(w.clock, w.transport);
  w.run([&]() -> net::awaitable<void> {
    auto ex = co_await net::this_coro::executor;
    w.replica.start(ex, test::only(test::three_accounts(), "live"), policy(), &store);
    second.start(ex, test::only(test::three_accounts(), "live"), policy(), &store);
    co_await w.replica.service->collect(w.replica.request());
    co_await second.service->collect(second.request());
    const auto per_fetch = tencent_calls(w);  // the second replica adopted the first one's set
    auto a = refresher_for(w.replica);
    auto b = refresher_for(second);
    a.start(ex, w.replica.tasks);
    b.start(ex, second.tasks);
    co_await w.clock.sleep_for(10min);
    const auto refreshes = (tencent_calls(w) - per_fetch) / per_fetch;
    EXPECT_LE(refreshes, 10u);  // what one replica alone does
    EXPECT_GE(refreshes, 9u);
    for (auto* r : {&w.replica, &second}) {
      const auto snap = r->cache->snapshot("live");
      CO_ASSERT_TRUE(snap && snap->fetched_steady);
      EXPECT_LT(w.clock.steady_now() - *snap->fetched_steady, 61s);
    }
    w.replica.tasks.cancel();
    second.tasks.cancel();
    co_await w.replica.tasks.join();
    co_await second.tasks.join();
  }());
}

}  // namespace
