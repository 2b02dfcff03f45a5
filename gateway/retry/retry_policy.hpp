#pragma once
// Retry of retryable upstream failures: exponential backoff with full jitter, bounded by
// attempts and by the request's deadline, honouring the provider's wait hint; throttling is
// waited out past the provider's rate window until the deadline. Policy (shared,
// immutable) is separate from state (per call, with injected randomness). Pure: no Asio.

#include <chrono>

namespace qg::retry {

using Duration = std::chrono::steady_clock::duration;

struct RetryPolicy {
  int max_attempts = 3;                                        // including the first
  Duration base_delay = std::chrono::milliseconds(200);
  Duration max_delay = std::chrono::seconds(5);
  Duration attempt_timeout = std::chrono::seconds(3);          // per attempt, clamped to the deadline
  // The clouds count their rate limits per second (Tencent: 20/s): an attempt retried inside the
  // window that throttled it is throttled again. A throttled call waits past the window (this
  // much, plus full jitter that doubles while it stays throttled) and is retried for as long as
  // the deadline allows, not only max_attempts times: the cloud said "later", not "no".
  Duration throttle_window = std::chrono::seconds(1);
  bool operator==(const RetryPolicy&) const = default;
};

}  // namespace qg::retry
