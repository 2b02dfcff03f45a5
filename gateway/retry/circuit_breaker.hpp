#pragma once
// Per-account circuit breaker: after `failure_threshold` consecutive failed fetches it opens for
// `cool_down` (callers serve stale data or fail fast), then lets exactly one probe through;
// the probe's outcome closes it or opens it again. Pure: time comes in as arguments.

#include <chrono>
#include <mutex>
#include <optional>
#include <string_view>

namespace qg::retry {

struct BreakerPolicy {
  int failure_threshold = 5;  // 0 disables the breaker
  std::chrono::steady_clock::duration cool_down = std::chrono::seconds(30);
  bool operator==(const BreakerPolicy&) const = default;
};

// When adding enumerators here, also add them to to_string() in circuit_breaker.cpp.
enum class BreakerState { kClosed, kOpen, kHalfOpen };

std::string_view to_string(BreakerState state);

/// @par Thread Safety
/// All members may be called concurrently.
class CircuitBreaker {
 public:
  explicit CircuitBreaker(BreakerPolicy policy = {});

  // May a fetch start now? While open: no. After the cool-down: yes for one probe, no for the
  // others until that probe reports.
  bool allow(std::chrono::steady_clock::time_point now);
  void on_success();
  void on_failure(std::chrono::steady_clock::time_point now);
  BreakerState state(std::chrono::steady_clock::time_point now) const;
  // While open: when the cool-down ends (the next probe may go); nullopt otherwise.
  std::optional<std::chrono::steady_clock::time_point> open_until(std::chrono::steady_clock::time_point now) const;

 private:
  BreakerPolicy policy_;
  mutable std::mutex mutex_;
  int consecutive_failures_ = 0;
  bool open_ = false;
  bool probe_in_flight_ = false;
  std::chrono::steady_clock::time_point open_until_{};
};

}  // namespace qg::retry
