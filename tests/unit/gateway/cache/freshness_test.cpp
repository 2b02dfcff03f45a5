// The freshness rules at every window boundary, as a plain function.

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
