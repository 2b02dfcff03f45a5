// The pacing property that matters to a provider counting in rolling windows: in ANY window of
// the limit's length, at most `requests` slots, from a cold start and under a backlog.

#include <algorithm>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "gateway/ratelimit/gcra.hpp"

namespace {

using namespace qg::ratelimit;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

const TimePoint kStart = TimePoint(std::chrono::hours(1000));

// The most slots inside any window [t, t + window] (closed: the stricter count).
std::size_t max_in_window(std::vector<TimePoint> slots, Duration window) {
  std::sort(slots.begin(), slots.end());
  std::size_t best = 0, j = 0;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    while (slots[i] - slots[j] > window) ++j;
    best = std::max(best, i - j + 1);
  }
  return best;
}

// A backlog: every request wants to go at `now` and takes the slot it is given.
std::vector<TimePoint> backlog(Gcra& g, int n, TimePoint now) {
  std::vector<TimePoint> slots;
  for (int i = 0; i < n; ++i) slots.push_back(*g.reserve(now, TimePoint::max()));
  return slots;
}

TEST(Gcra, ParseRateLimits) {
  EXPECT_EQ(parse_rate_limit("20/s"), (RateLimit{20, 1s}));
  EXPECT_EQ(parse_rate_limit("600/m"), (RateLimit{600, 60s}));
  EXPECT_EQ(parse_rate_limit("5/2s"), (RateLimit{5, 2s}));
  EXPECT_EQ(parse_rate_limit("1/500ms"), (RateLimit{1, 500ms}));
  EXPECT_EQ(parse_rate_limit("0.5/s"), (RateLimit{0.5, 1s}));
  for (const char* bad : {"", "20", "/s", "0/s", "-1/s", "20/x", "20/0s", "abc/s", "20/s/s"}) {
    EXPECT_FALSE(parse_rate_limit(bad)) << bad;
  }
  EXPECT_EQ(to_string(RateLimit{20, 1s}), "20/s");
}

TEST(Gcra, EveryRollingWindowHoldsTheLimitUnderABacklog) {
  for (double limit : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0}) {
    Gcra g(gcra_params(RateLimit{limit, 1s}));
    const auto slots = backlog(g, static_cast<int>(limit * 10) + 5, kStart);
    EXPECT_LE(max_in_window(slots, 1s), static_cast<std::size_t>(limit)) << limit << "/s";
    // ...while still using most of the budget: the sustained rate gives up only the jitter margin
    // (and the burst's slots, which matter for tiny limits).
    const double seconds = std::chrono::duration<double>(slots.back() - slots.front()).count();
    const double rate = (static_cast<double>(slots.size()) - 1) / seconds;
    EXPECT_GE(rate, std::min(0.75 * limit, limit - 1.2)) << limit << "/s";
  }
}

TEST(Gcra, TheTokenBucketFailureModeCannotHappen) {
  // Idle for a long time, then a burst, then a backlog: a token bucket of 20 would let 40
  // requests through within one second here.
  Gcra g(gcra_params(RateLimit{20, 1s}));
  std::vector<TimePoint> slots = backlog(g, 5, kStart);
  const auto later = kStart + 1h;
  auto more = backlog(g, 100, later);
  slots.insert(slots.end(), more.begin(), more.end());
  EXPECT_LE(max_in_window(slots, 1s), 20u);
  const auto burst = static_cast<std::size_t>(g.params().burst);
  EXPECT_EQ(burst, 4u);
  for (std::size_t i = 0; i < burst; ++i) EXPECT_EQ(more[i], later);  // the burst goes at once
  EXPECT_GT(more[burst], later);
}

TEST(Gcra, RandomArrivalsNeverExceedTheLimit) {
  std::mt19937_64 rng(42);
  for (double limit : {3.0, 20.0, 37.0}) {
    Gcra g(gcra_params(RateLimit{limit, 1s}));
    std::vector<TimePoint> slots;
    TimePoint now = kStart;
    for (int i = 0; i < 2000; ++i) {
      now += std::chrono::microseconds(rng() % 120000);  // bursts and lulls
      slots.push_back(*g.reserve(now, TimePoint::max()));
      EXPECT_GE(slots.back(), now);
    }
    EXPECT_LE(max_in_window(slots, 1s), static_cast<std::size_t>(limit)) << limit;
  }
}

TEST(Gcra, LongerWindowsAndFractionalLimits) {
  Gcra per_minute(gcra_params(RateLimit{600, 60s}));
  EXPECT_LE(max_in_window(backlog(per_minute, 2000, kStart), 60s), 600u);
  Gcra half(gcra_params(RateLimit{0.5, 1s}));  // one per two seconds
  EXPECT_LE(max_in_window(backlog(half, 10, kStart), 2s), 1u);
}

TEST(Gcra, ASlotPastTheLatestAcceptableTimeIsNotReserved) {
  Gcra g(gcra_params(RateLimit{20, 1s}));
  backlog(g, g.params().burst, kStart);  // the burst
  const auto next = g.reserve(kStart, kStart + 1ms);
  EXPECT_FALSE(next);
  // Refusing consumed nothing: the same slot is still the next one.
  const auto a = g.reserve(kStart, TimePoint::max());
  ASSERT_TRUE(a);
  EXPECT_EQ(*a, kStart + g.params().emission_interval);
}

TEST(Gcra, ReleaseGivesBackTheLastSlot) {
  Gcra g(gcra_params(RateLimit{20, 1s}));
  backlog(g, g.params().burst, kStart);
  const auto s = g.reserve(kStart, TimePoint::max());
  g.release(*s);
  EXPECT_EQ(g.reserve(kStart, TimePoint::max()), s);
}

}  // namespace
