#pragma once
// Time, injected: production uses SystemClock; tests use a simulated clock whose sleeps complete
// in virtual time, so no test ever waits for the wall clock.

#include <chrono>

#include <boost/asio/awaitable.hpp>

namespace qg::base {

using SteadyTime = std::chrono::steady_clock::time_point;
using SystemTime = std::chrono::system_clock::time_point;

/// @par Thread Safety
/// All members may be called concurrently.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual SystemTime system_now() const = 0;  // wall clock: signatures, Age, fetched_at
  virtual SteadyTime steady_now() const = 0;  // monotonic: deadlines, pacing, freshness
  // Completes at `until` (at once if it has passed); cancellable like any Asio operation.
  virtual boost::asio::awaitable<void> sleep_until(SteadyTime until) = 0;

  boost::asio::awaitable<void> sleep_for(std::chrono::steady_clock::duration d) {
    return sleep_until(steady_now() + d);
  }
  std::int64_t unix_now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(system_now().time_since_epoch()).count();
  }
};

class SystemClock final : public Clock {
 public:
  SystemTime system_now() const override { return std::chrono::system_clock::now(); }
  SteadyTime steady_now() const override { return std::chrono::steady_clock::now(); }
  boost::asio::awaitable<void> sleep_until(SteadyTime until) override;
};

}  // namespace qg::base
