#include "gateway/retry/retry_state.hpp"

#include <algorithm>

namespace qg::retry {

std::string_view to_string(RetryDecision decision) {
  switch (decision) {
    case RetryDecision::kYes: return "retry";
    case RetryDecision::kNo: return "not_retryable";
    case RetryDecision::kNoAttemptsLeft: return "no_attempts_left";
    case RetryDecision::kNoDeadline: return "no_time_left";
  }
  return "not_retryable";
}

RetryState::RetryState(const RetryPolicy& policy, base::Random& random) : policy_(policy), random_(random) {}

TimePoint RetryState::attempt_deadline(TimePoint now, TimePoint deadline) const {
  return std::min(now + policy_.attempt_timeout, deadline);
}

RetryStep RetryState::on_failure(const adapters::UpstreamError& error, TimePoint now, TimePoint deadline) {
  ++attempts_;
  if (!error.retryable()) return {RetryDecision::kNo, Duration{0}};
  if (attempts_ >= policy_.max_attempts) return {RetryDecision::kNoAttemptsLeft, Duration{0}};

  // Full jitter (uniform in [0, min(cap, base * 2^(n-1))]) spreads retries of many callers
  // instead of synchronising them into waves.
  const int exponent = std::min(attempts_ - 1, 30);
  const auto ceiling = std::min<Duration>(policy_.max_delay, policy_.base_delay * (std::int64_t{1} << exponent));
  Duration delay = std::chrono::duration_cast<Duration>(ceiling * random_.uniform01());
  if (error.retry_after) delay = std::max<Duration>(delay, *error.retry_after);

  // An attempt that starts with less than this left cannot usefully finish.
  const Duration minimal_attempt =
      std::max<Duration>(std::chrono::milliseconds(50), policy_.attempt_timeout / 10);
  if (now + delay + minimal_attempt > deadline) return {RetryDecision::kNoDeadline, delay};
  return {RetryDecision::kYes, delay};
}

}  // namespace qg::retry
