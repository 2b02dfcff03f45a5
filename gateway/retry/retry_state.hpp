#pragma once

#include <chrono>
#include <string_view>

#include "adapters/common/upstream_error.hpp"
#include "gateway/base/random.hpp"
#include "gateway/retry/retry_policy.hpp"

namespace qg::retry {

using TimePoint = std::chrono::steady_clock::time_point;

// When adding enumerators here, also add them to to_string() in retry_state.cpp.
enum class RetryDecision {
  kYes,              // wait `delay`, then try again
  kNo,               // the error is not retryable
  kNoAttemptsLeft,   // max_attempts reached
  kNoDeadline,       // the backoff (or the provider's wait hint) would end past the deadline
};

std::string_view to_string(RetryDecision decision);

struct RetryStep {
  RetryDecision decision = RetryDecision::kNo;
  Duration delay{0};
};

// The state of one logical call across its attempts.
class RetryState {
 public:
  RetryState(const RetryPolicy& policy, base::Random& random);

  // Call before each attempt: when that attempt must give up (now + attempt_timeout, clamped to the deadline).
  TimePoint attempt_deadline(TimePoint now, TimePoint deadline) const;
  // Call after a failed attempt. Full jitter: delay uniform in [0, min(max_delay, base * 2^(n-1))];
  // throttled: throttle_window plus uniform in [0, min(max_delay, throttle_window * 2^(t-1))] for
  // the t-th throttle in a row, not counted against max_attempts; and never less than the
  // provider's retry_after when it gave one.
  RetryStep on_failure(const adapters::UpstreamError& error, TimePoint now, TimePoint deadline);

  int attempts() const { return attempts_; }  // attempts that failed so far

 private:
  Duration jittered(Duration base, int exponent);

  const RetryPolicy& policy_;
  base::Random& random_;
  int attempts_ = 0;
  int throttled_ = 0;           // of attempts_, those the provider throttled
  int throttled_in_a_row_ = 0;
};

}  // namespace qg::retry
