#include <gtest/gtest.h>

#include "gateway/retry/circuit_breaker.hpp"

namespace {

using namespace qg::retry;
using namespace std::chrono_literals;
const auto kT0 = std::chrono::steady_clock::time_point(std::chrono::hours(5));

TEST(CircuitBreaker, OpensAfterConsecutiveFailuresThenLetsOneProbeThrough) {
  CircuitBreaker b(BreakerPolicy{3, 30s});
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(b.allow(kT0));
    b.on_failure(kT0);
  }
  EXPECT_EQ(b.state(kT0), BreakerState::kClosed);
  b.on_failure(kT0);
  EXPECT_EQ(b.state(kT0), BreakerState::kOpen);
  EXPECT_FALSE(b.allow(kT0 + 29s));
  EXPECT_EQ(b.state(kT0 + 31s), BreakerState::kHalfOpen);
  EXPECT_TRUE(b.allow(kT0 + 31s));   // the probe
  EXPECT_FALSE(b.allow(kT0 + 31s));  // nobody else while it runs
  b.on_failure(kT0 + 32s);           // the probe failed: open again for a full cool-down
  EXPECT_FALSE(b.allow(kT0 + 33s));
  EXPECT_TRUE(b.allow(kT0 + 63s));
  b.on_success();
  EXPECT_EQ(b.state(kT0 + 63s), BreakerState::kClosed);
  EXPECT_TRUE(b.allow(kT0 + 63s));
}

TEST(CircuitBreaker, SuccessResetsTheCountAndZeroDisables) {
  CircuitBreaker b(BreakerPolicy{2, 30s});
  b.on_failure(kT0);
  b.on_success();
  b.on_failure(kT0);
  EXPECT_EQ(b.state(kT0), BreakerState::kClosed);
  CircuitBreaker off(BreakerPolicy{0, 30s});
  for (int i = 0; i < 100; ++i) off.on_failure(kT0);
  EXPECT_TRUE(off.allow(kT0));
}

}  // namespace
