#include <gtest/gtest.h>

#include "gateway/retry/retry_state.hpp"
#include "tests/support/fixed_random.hpp"

namespace {

using namespace qg;
using namespace std::chrono_literals;
using adapters::ErrorKind;
using retry::RetryDecision;

const retry::TimePoint kNow = retry::TimePoint(std::chrono::hours(10));

adapters::UpstreamError error(ErrorKind kind) { return adapters::make_error(kind, "x"); }

TEST(RetryState, FullJitterStaysWithinTheExponentialCeiling) {
  retry::RetryPolicy policy{5, 200ms, 1s, 3s};
  for (double f : {0.0, 0.25, 0.999}) {
    test::FixedRandom random({f});
    retry::RetryState state(policy, random);
    std::chrono::steady_clock::duration ceiling = 200ms;
    for (int attempt = 1; attempt < 5; ++attempt) {
      const auto step = state.on_failure(error(ErrorKind::kTransient), kNow, kNow + 1h);
      ASSERT_EQ(step.decision, RetryDecision::kYes);
      EXPECT_GE(step.delay, 0ms);
      EXPECT_LE(step.delay, ceiling);
      EXPECT_NEAR(std::chrono::duration<double>(step.delay).count(), f * std::chrono::duration<double>(ceiling).count(),
                  1e-6);
      ceiling = std::min<std::chrono::steady_clock::duration>(ceiling * 2, 1s);
    }
    EXPECT_EQ(state.on_failure(error(ErrorKind::kTransient), kNow, kNow + 1h).decision, RetryDecision::kNoAttemptsLeft);
  }
}

TEST(RetryState, OnlyRetryableKindsAreRetried) {
  test::FixedRandom random;
  retry::RetryPolicy policy;
  for (auto kind : {ErrorKind::kAuth, ErrorKind::kInvalidRequest, ErrorKind::kAccountState, ErrorKind::kPermanent}) {
    retry::RetryState state(policy, random);
    EXPECT_EQ(state.on_failure(error(kind), kNow, kNow + 1h).decision, RetryDecision::kNo);
  }
  for (auto kind : {ErrorKind::kThrottled, ErrorKind::kTransient, ErrorKind::kTimeout, ErrorKind::kNetwork,
                    ErrorKind::kBadResponse}) {
    retry::RetryState state(policy, random);
    EXPECT_EQ(state.on_failure(error(kind), kNow, kNow + 1h).decision, RetryDecision::kYes);
  }
}

TEST(RetryState, ProviderWaitHintIsAMinimum) {
  test::FixedRandom random({0.0});
  retry::RetryPolicy policy;
  retry::RetryState state(policy, random);
  auto throttled = error(ErrorKind::kThrottled);
  throttled.retry_after = 1500ms;
  const auto step = state.on_failure(throttled, kNow, kNow + 1h);
  EXPECT_EQ(step.decision, RetryDecision::kYes);
  EXPECT_EQ(step.delay, 1500ms);
}

TEST(RetryState, ThrottlingIsWaitedOutPastTheWindowUntilTheDeadlineNotForMaxAttempts) {
  retry::RetryPolicy policy{2, 200ms, 5s, 3s};  // throttle_window 1 s
  for (double f : {0.0, 0.5, 0.999}) {
    test::FixedRandom random({f});
    retry::RetryState state(policy, random);
    std::chrono::steady_clock::duration jitter = 1s;
    for (int throttled = 1; throttled <= 10; ++throttled) {  // far more than max_attempts
      const auto step = state.on_failure(error(ErrorKind::kThrottled), kNow, kNow + 1h);
      ASSERT_EQ(step.decision, RetryDecision::kYes) << throttled;
      EXPECT_GE(step.delay, 1s);           // never within the window that throttled it
      EXPECT_LE(step.delay, 1s + jitter);  // full jitter doubling while it stays throttled
      EXPECT_NEAR(std::chrono::duration<double>(step.delay).count(),
                  1 + f * std::chrono::duration<double>(jitter).count(), 1e-6);
      jitter = std::min<std::chrono::steady_clock::duration>(jitter * 2, 5s);
    }
    // Other failures still have max_attempts: the throttled attempts did not use them up.
    EXPECT_EQ(state.on_failure(error(ErrorKind::kTransient), kNow, kNow + 1h).decision, RetryDecision::kYes);
    EXPECT_EQ(state.on_failure(error(ErrorKind::kTransient), kNow, kNow + 1h).decision, RetryDecision::kNoAttemptsLeft);
  }
  // The deadline still ends it: no retry that could not start before it.
  test::FixedRandom random({0.0});
  retry::RetryState state(policy, random);
  EXPECT_EQ(state.on_failure(error(ErrorKind::kThrottled), kNow, kNow + 900ms).decision, RetryDecision::kNoDeadline);
}

TEST(RetryState, NeverPastTheDeadline) {
  test::FixedRandom random({0.9});
  retry::RetryPolicy policy{3, 1s, 5s, 3s};
  retry::RetryState state(policy, random);
  // 900 ms of backoff plus a minimal attempt does not fit in 600 ms.
  EXPECT_EQ(state.on_failure(error(ErrorKind::kTransient), kNow, kNow + 600ms).decision, RetryDecision::kNoDeadline);
  // The attempt timeout is clamped to the deadline.
  EXPECT_EQ(state.attempt_deadline(kNow, kNow + 1s), kNow + 1s);
  EXPECT_EQ(state.attempt_deadline(kNow, kNow + 10s), kNow + 3s);
}

}  // namespace
