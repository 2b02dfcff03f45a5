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

// Full jitter (uniform in [0, min(cap, base * 2^exponent)]) spreads retries of many callers
// instead of synchronising them into waves.
Duration RetryState::jittered(Duration base, int exponent) {
  const auto ceiling = std::min<Duration>(policy_.max_delay, base * (std::int64_t{1} << std::min(exponent, 30)));
  return std::chrono::duration_cast<Duration>(ceiling * random_.uniform01());
}

RetryStep RetryState::on_failure(const adapters::UpstreamError& error, TimePoint now, TimePoint deadline) {
  ++attempts_;
  if (!error.retryable()) return {RetryDecision::kNo, Duration{0}};
  Duration delay{0};
  if (error.kind == adapters::ErrorKind::kThrottled) {
    ++throttled_;
    ++throttled_in_a_row_;
    delay = policy_.throttle_window + jittered(policy_.throttle_window, throttled_in_a_row_ - 1);
  } else {
    throttled_in_a_row_ = 0;
    if (attempts_ - throttled_ >= policy_.max_attempts) return {RetryDecision::kNoAttemptsLeft, Duration{0}};
    delay = jittered(policy_.base_delay, attempts_ - throttled_ - 1);
  }
  if (error.retry_after) delay = std::max<Duration>(delay, *error.retry_after);

  // An attempt that starts with less than this left cannot usefully finish.
  const Duration minimal_attempt =
      std::max<Duration>(std::chrono::milliseconds(50), policy_.attempt_timeout / 10);
  if (now + delay + minimal_attempt > deadline) return {RetryDecision::kNoDeadline, delay};
  return {RetryDecision::kYes, delay};
}

}  // namespace qg::retry
