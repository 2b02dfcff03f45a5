// LocalPacer in virtual time: many concurrent acquirers, every acquisition's emit time
// recorded; the rolling-window property holds on what actually went out.

#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>
#include <gtest/gtest.h>

#include "gateway/ratelimit/local_pacer.hpp"
#include "tests/support/simulated_clock.hpp"

namespace {

using namespace qg;
using namespace std::chrono_literals;
namespace net = boost::asio;

std::size_t max_in_window(std::vector<base::SteadyTime> t, std::chrono::steady_clock::duration w) {
  std::sort(t.begin(), t.end());
  std::size_t best = 0, j = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    while (t[i] - t[j] > w) ++j;
    best = std::max(best, i - j + 1);
  }
  return best;
}

// A named coroutine, not a capturing lambda: a spawned lambda coroutine would outlive its closure.
net::awaitable<void> acquire_and_record(test::SimulatedClock& clock, ratelimit::LocalPacer& pacer,
                                        ratelimit::RateLimit limit, std::vector<base::SteadyTime>& emitted,
                                        int& failures) {
  auto r = co_await pacer.acquire("live-prod", limit, clock.steady_now() + 1h);
  if (r) emitted.push_back(clock.steady_now());
  else ++failures;
}

TEST(LocalPacer, PacesTencentAt20PerSecondAcrossConcurrentCallers) {
  test::SimulatedClock clock;
  ratelimit::LocalPacer pacer(clock);
  const ratelimit::RateLimit limit{20, 1s};
  std::vector<base::SteadyTime> emitted;
  int failures = 0;
  test::run_simulated(clock, [&]() -> net::awaitable<void> {
    auto ex = co_await net::this_coro::executor;
    for (int i = 0; i < 200; ++i) {
      net::co_spawn(ex, acquire_and_record(clock, pacer, limit, emitted, failures), net::detached);
    }
    co_return;
  }());
  EXPECT_EQ(failures, 0);
  ASSERT_EQ(emitted.size(), 200u);
  EXPECT_LE(max_in_window(emitted, 1s), 20u);
  // 200 requests at ~15.5/s (17 slots per 1.1 s once the burst is spent) take about thirteen
  // seconds of (virtual) time, not more.
  EXPECT_LT(clock.elapsed(), 13500ms);
}

TEST(LocalPacer, WaitPastTheDeadlineFailsFastAsRateLimited) {
  test::SimulatedClock clock;
  ratelimit::LocalPacer pacer(clock);
  const ratelimit::RateLimit limit{1, 1s};
  test::run_simulated(clock, [&]() -> net::awaitable<void> {
    auto first = co_await pacer.acquire("a", limit, clock.steady_now() + 100ms);
    EXPECT_TRUE(first);
    const auto before = clock.steady_now();
    auto second = co_await pacer.acquire("a", limit, clock.steady_now() + 100ms);
    EXPECT_FALSE(second);
    if (!second) {
      EXPECT_TRUE(second.error() == ratelimit::PaceFailure::kNoSlotBeforeDeadline);
    }
    EXPECT_EQ(clock.steady_now(), before);  // failed without waiting
    // The refused slot was not consumed: with a later deadline it is granted.
    auto third = co_await pacer.acquire("a", limit, clock.steady_now() + 5s);
    EXPECT_TRUE(third);
    if (third) {
      EXPECT_GT(*third, 900ms);
    }
  }());
}

TEST(LocalPacer, AccountsArePacedIndependently) {
  test::SimulatedClock clock;
  ratelimit::LocalPacer pacer(clock);
  const ratelimit::RateLimit limit{1, 1s};
  test::run_simulated(clock, [&]() -> net::awaitable<void> {
    EXPECT_TRUE(co_await pacer.acquire("a", limit, clock.steady_now()));
    EXPECT_TRUE(co_await pacer.acquire("b", limit, clock.steady_now()));
    EXPECT_EQ(clock.elapsed(), 0s);
  }());
}

}  // namespace
