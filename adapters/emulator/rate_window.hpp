#pragma once
// The two sliding windows the emulator keeps per credential. Pure; not thread-safe (the
// emulator core holds its lock while it calls them).

#include <chrono>
#include <cstddef>
#include <deque>

namespace qg::emulator {

using SteadyTime = std::chrono::steady_clock::time_point;

// Counts arrivals and remembers the most that ever fell within one rolling second, which is
// what "the provider never saw more than 20 requests in any second" is asserted on. Two
// arrivals exactly one second apart are not in the same window.
class ArrivalWindow {
 public:
  void arrive(SteadyTime now);
  std::size_t max_in_any_second() const { return max_; }

 private:
  std::deque<SteadyTime> arrivals_;
  std::size_t max_ = 0;
};

// Sliding-window admission: at most `capacity` requests admitted within any `window`, where
// capacity = max(1, floor(rate)) and window = capacity / rate seconds (20/s → 20 per 1 s;
// 0.5/s → 1 per 2 s). A refused request does not use up the budget, so a client that keeps
// sending 25/s still gets 20/s through, as with the clouds' limiters, rather than nothing.
class RateLimiter {
 public:
  struct Decision {
    bool admitted = true;
    std::chrono::milliseconds retry_after{0};  // when refused: until the oldest admission leaves the window
    std::size_t capacity = 0;
  };
  // rate <= 0: unlimited.
  Decision admit(SteadyTime now, double rate_per_second);

 private:
  std::deque<SteadyTime> admitted_;
};

}  // namespace qg::emulator
