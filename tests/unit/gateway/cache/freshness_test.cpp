// The freshness rules at every window boundary, as a plain function.

#include <vector>

#include <gtest/gtest.h>

#include "gateway/cache/freshness.hpp"

namespace {

using namespace qg::cache;
using namespace std::chrono_literals;

CachePolicy policy() {
  CachePolicy p;
  p.ttl = 60s;
  p.stale_while_revalidate = 30s;
  p.stale_if_error = 10min;
  p.error_ttl = 5s;
  return p;
}

Verdict at(Duration age, std::optional<Duration> since_failure = std::nullopt, Wants wants = {60s, {}, false}) {
  return decide(policy(), EntryAges{age, since_failure}, wants);
}

TEST(Freshness, FreshUpToButNotIncludingTheTtl) {
  EXPECT_EQ(at(0s), Verdict::kFresh);
  EXPECT_EQ(at(60s - 1ns), Verdict::kFresh);
  EXPECT_EQ(at(60s), Verdict::kServeAndRevalidate);
}

TEST(Freshness, StaleWhileRevalidateEndsAtTtlPlusItsWindow) {
  EXPECT_EQ(at(90s - 1ns), Verdict::kServeAndRevalidate);
  EXPECT_EQ(at(90s), Verdict::kFetch);
  EXPECT_EQ(decide(policy(), EntryAges{}, Wants{60s, {}, false}), Verdict::kFetch);  // never fetched
}

TEST(Freshness, ARecentFailureIsAnsweredAtOnceUntilTheErrorTtlEnds) {
  // Within stale-if-error: the last set with the error, without a new attempt.
  EXPECT_EQ(at(120s, 0s), Verdict::kServeStale);
  EXPECT_EQ(at(120s, 5s - 1ns), Verdict::kServeStale);
  EXPECT_EQ(at(120s, 5s), Verdict::kFetch);
  // Past stale-if-error (ttl + 10 min): the error itself.
  EXPECT_EQ(at(60s + 10min - 1ns, 1s), Verdict::kServeStale);
  EXPECT_EQ(at(60s + 10min, 1s), Verdict::kFail);
  EXPECT_EQ(decide(policy(), EntryAges{std::nullopt, 1s}, Wants{60s, {}, false}), Verdict::kFail);
  // A failure does not spoil a set that is still fresh (a refresh-ahead that failed early).
  EXPECT_EQ(at(30s, 1s), Verdict::kFresh);
}

TEST(Freshness, AVerdictHoldsExactlyUntilGrowingAgesChangeIt) {
  const Wants wants{60s, {}, false};
  std::vector<EntryAges> entries;
  for (Duration age : {Duration(0s), Duration(59s), Duration(60s), Duration(100s), Duration(60s + 10min - 2s), Duration(60s + 10min + 1s)}) {
    entries.push_back({age, std::nullopt});
    for (Duration since : {Duration(0s), Duration(2s), Duration(5s - 1ns)}) entries.push_back({age, since});
  }
  entries.push_back({std::nullopt, 1s});  // never fetched, failed a second ago
  int checked = 0;
  for (const auto& e : entries) {
    const Verdict now = decide(policy(), e, wants);
    const Duration holds = verdict_holds_for(policy(), e, wants);
    if (now == Verdict::kFetch || now == Verdict::kServeAndRevalidate) {
      EXPECT_EQ(holds, 0s);
      continue;
    }
    ASSERT_GT(holds, 0s) << to_string(now);
    auto later = [&](Duration d) {
      EntryAges aged = e;
      if (aged.age) *aged.age += d;
      if (aged.since_failure) *aged.since_failure += d;
      return decide(policy(), aged, wants);
    };
    EXPECT_EQ(later(holds - 1ns), now) << to_string(now);
    EXPECT_NE(later(holds), now) << to_string(now);
    ++checked;
  }
  EXPECT_GT(checked, 10);
  EXPECT_EQ(verdict_holds_for(policy(), {10s, std::nullopt}, Wants{60s, 30s, false}), 0s);  // the caller's own max_age
  EXPECT_EQ(verdict_holds_for(policy(), {10s, std::nullopt}, Wants{60s, {}, true}), 0s);
}

TEST(Freshness, UsableAfterAFailureWhileYoungerThanTtlPlusStaleIfError) {
  EXPECT_TRUE(usable_after_failure(policy(), 60s + 10min - 1ns, 60s));
  EXPECT_FALSE(usable_after_failure(policy(), 60s + 10min, 60s));
  EXPECT_FALSE(usable_after_failure(policy(), std::nullopt, 60s));
}

TEST(Freshness, TheCallersMaxAgeAndRefreshComeBeforeTheWindows) {
  EXPECT_EQ(at(10s, std::nullopt, Wants{60s, 10s, false}), Verdict::kFresh);
  EXPECT_EQ(at(10s + 1ns, std::nullopt, Wants{60s, 10s, false}), Verdict::kFetch);
  EXPECT_EQ(at(0s, std::nullopt, Wants{60s, {}, true}), Verdict::kFetch);
  // max_age wins over a remembered failure too: the caller asked for new data.
  EXPECT_EQ(at(120s, 1s, Wants{60s, 30s, false}), Verdict::kFetch);
  EXPECT_EQ(decide(policy(), EntryAges{}, Wants{60s, 0s, false}), Verdict::kFetch);
}

TEST(Freshness, RetentionIsTtlPlusTheLongerStaleWindow) {
  EXPECT_EQ(retention(policy(), 60s), 60s + 10min);
  CachePolicy p = policy();
  p.stale_if_error = 0s;
  EXPECT_EQ(retention(p, 60s), 90s);
}

TEST(Freshness, FreshForCountsDownToZero) {
  EXPECT_EQ(fresh_for(0s, 60s), 60s);
  EXPECT_EQ(fresh_for(45s, 60s), 15s);
  EXPECT_EQ(fresh_for(60s, 60s), 0s);
  EXPECT_EQ(fresh_for(600s, 60s), 0s);
}

}  // namespace
