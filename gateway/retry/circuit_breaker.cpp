#include "gateway/retry/circuit_breaker.hpp"

namespace qg::retry {

std::string_view to_string(BreakerState state) {
  switch (state) {
    case BreakerState::kClosed: return "closed";
    case BreakerState::kOpen: return "open";
    case BreakerState::kHalfOpen: return "half_open";
  }
  return "closed";
}

CircuitBreaker::CircuitBreaker(BreakerPolicy policy) : policy_(policy) {}

bool CircuitBreaker::allow(std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (!open_) return true;
  if (now < open_until_ || probe_in_flight_) return false;
  probe_in_flight_ = true;  // half-open: exactly one probe
  return true;
}

void CircuitBreaker::on_success() {
  std::lock_guard lock(mutex_);
  consecutive_failures_ = 0;
  open_ = false;
  probe_in_flight_ = false;
}

void CircuitBreaker::on_failure(std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mutex_);
  ++consecutive_failures_;
  if (policy_.failure_threshold <= 0) return;
  if (probe_in_flight_ || consecutive_failures_ >= policy_.failure_threshold) {
    open_ = true;
    open_until_ = now + policy_.cool_down;
  }
  probe_in_flight_ = false;
}

std::optional<std::chrono::steady_clock::time_point> CircuitBreaker::open_until(
    std::chrono::steady_clock::time_point now) const {
  std::lock_guard lock(mutex_);
  if (open_ && now < open_until_) return open_until_;
  return std::nullopt;
}

BreakerState CircuitBreaker::state(std::chrono::steady_clock::time_point now) const {
  std::lock_guard lock(mutex_);
  if (!open_) return BreakerState::kClosed;
  if (now < open_until_ && !probe_in_flight_) return BreakerState::kOpen;
  return BreakerState::kHalfOpen;
}

}  // namespace qg::retry
