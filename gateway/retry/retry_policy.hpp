#pragma once
// Retry of retryable upstream failures: exponential backoff with full jitter, bounded by
// attempts and by the request's deadline, honouring the provider's wait hint. Policy (shared,
// immutable) is separate from state (per call, with injected randomness). Pure: no Asio.

#include <chrono>

namespace qg::retry {

using Duration = std::chrono::steady_clock::duration;

struct RetryPolicy {
  int max_attempts = 3;                                        // including the first
  Duration base_delay = std::chrono::milliseconds(200);
  Duration max_delay = std::chrono::seconds(5);
  Duration attempt_timeout = std::chrono::seconds(3);          // per attempt, clamped to the deadline
  bool operator==(const RetryPolicy&) const = default;
};

}  // namespace qg::retry
