// The refresh schedule as a plain function: before expiry, the jitter window, one full fetch per
// ttl, backoff after failures, the breaker, idle accounts.

#include <vector>

#include <gtest/gtest.h>

#include "gateway/refresh/schedule.hpp"

namespace {

using namespace qg::refresh;
using namespace std::chrono_literals;

const TimePoint t0 = TimePoint{} + 1000h;

AccountTimes fetched_at(TimePoint at, Duration took = 1s) {
  AccountTimes t;
  t.fetched = at;
  t.last_duration = took;
  t.last_activity = at;
  return t;
}

TEST(RefreshSchedule, StartsAheadOfExpiryByRoomForTwoSlowFetches) {
  EXPECT_EQ(next_refresh(RefreshPolicy{}, 60s, fetched_at(t0), t0, 0.0), t0 + 58s);
  EXPECT_EQ(lead(RefreshPolicy{}, 60s, 1s, 0.0), 2s);
  EXPECT_EQ(lead(RefreshPolicy{}, 60s, 1min, 0.0), 24s);  // never more than 0.4 of the ttl
}

TEST(RefreshSchedule, JitterSpreadsLeadsOverTenPercentOfTheTtlCappedAtThirtySeconds) {
  EXPECT_EQ(lead(RefreshPolicy{}, 60s, 0s, 0.5), 3s);
  EXPECT_LT(lead(RefreshPolicy{}, 60s, 0s, 0.999999), 6s);
  EXPECT_GT(lead(RefreshPolicy{}, 60s, 0s, 0.999999), 5999ms);
  EXPECT_EQ(lead(RefreshPolicy{}, 1h, 0s, 0.5), 15s);
  const auto early = next_refresh(RefreshPolicy{}, 60s, fetched_at(t0), t0, 0.9);
  const auto late = next_refresh(RefreshPolicy{}, 60s, fetched_at(t0), t0, 0.1);
  EXPECT_LT(early, late);
}

TEST(RefreshSchedule, NeverMoreThanOneFullFetchPerTtl) {
  auto t = fetched_at(t0 + 200ms, 200ms);
  t.last_start = t0;
  EXPECT_EQ(next_refresh(RefreshPolicy{}, 60s, t, t0 + 1s, 0.9), t0 + 60s);
}

TEST(RefreshSchedule, FailuresBackOffFromTheTtlDoublingUpToTheCap) {
  RefreshPolicy p;
  EXPECT_EQ(backoff(p, 60s, 1, 0.0), 60s);
  EXPECT_EQ(backoff(p, 60s, 2, 0.0), 120s);
  EXPECT_EQ(backoff(p, 60s, 4, 0.0), 480s);
  EXPECT_EQ(backoff(p, 60s, 6, 0.0), 30min);
  EXPECT_EQ(backoff(p, 60s, 60, 0.0), 30min);
  EXPECT_GT(backoff(p, 60s, 1, 0.999999), 45s);  // down by up to a quarter
  EXPECT_LT(backoff(p, 60s, 1, 0.999999), 45001ms);
  auto t = fetched_at(t0 - 1h);
  t.failures = 3;
  t.last_failure = t0;
  EXPECT_EQ(next_refresh(p, 60s, t, t0, 0.0), t0 + 240s);
}

TEST(RefreshSchedule, AnOpenBreakerDefersTheRefreshUntilItsCoolDownEnds) {
  auto t = fetched_at(t0);
  t.breaker_until = t0 + 5min;
  EXPECT_EQ(next_refresh(RefreshPolicy{}, 60s, t, t0, 0.0), t0 + 5min);
}

TEST(RefreshSchedule, AnAccountNobodyAskedAboutForAnHourIsRefreshedEveryIdleInterval) {
  auto t = fetched_at(t0);
  t.last_activity = t0 - 1h;
  EXPECT_EQ(next_refresh(RefreshPolicy{}, 60s, t, t0, 0.0), t0 + 15min);
  t.last_activity = t0 - 59min;
  EXPECT_EQ(next_refresh(RefreshPolicy{}, 60s, t, t0, 0.0), t0 + 58s);
}

TEST(RefreshSchedule, NeverInThePastAndNeverFetchedMeansNow) {
  EXPECT_EQ(next_refresh(RefreshPolicy{}, 60s, fetched_at(t0), t0 + 10min, 0.0), t0 + 10min);
  EXPECT_EQ(next_refresh(RefreshPolicy{}, 60s, AccountTimes{}, t0, 0.3), t0);
}

TEST(RefreshSchedule, WhatCountsAsJustRefreshedIsYoungerThanTheSetBeingReplaced) {
  // At the due time the set is ttl - lead old, at least 0.6 ttl: only a younger one is adopted.
  EXPECT_EQ(wanted_max_age(60s), 30s);
  for (Duration took : std::vector<Duration>{0s, 1s, 10s, 1min}) {
    EXPECT_LT(wanted_max_age(60s), 60s - lead(RefreshPolicy{}, 60s, took, 0.999));
  }
}

}  // namespace
