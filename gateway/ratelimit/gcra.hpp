#pragma once
// GCRA (generic cell rate algorithm) pacing math. Pure: times come in as arguments.
//
// A token bucket of capacity N refilling at N/s can send 2N requests inside one second (a full
// bucket, then a second's refill) and get throttled by a provider that counts in rolling
// windows. GCRA with emission interval T and burst b bounds any window of length W to
// ceil(W/T) + b - 1 slots; choosing T = W(1 + margin)/(N - b + 1) keeps every rolling window at
// or below N, with the margin absorbing network jitter between our clock and the provider's.

#include <chrono>
#include <optional>

#include "gateway/ratelimit/rate_limit.hpp"

namespace qg::ratelimit {

using TimePoint = std::chrono::steady_clock::time_point;

struct GcraParams {
  Duration emission_interval{};  // T: the steady-state spacing of slots
  int burst = 1;                 // b: slots that may go out back to back from idle
  Duration tolerance() const { return emission_interval * (burst - 1); }
};

// 100 ms at one-second windows: arrivals bunch up when a loaded host or a congested path delays
// some requests and not others, and a throttled call costs far more than 10 % of pace.
inline constexpr double kJitterMargin = 0.10;

// The pacing that keeps every rolling window of `limit.per` at or below `limit.requests`.
GcraParams gcra_params(const RateLimit& limit);

class Gcra {
 public:
  explicit Gcra(GcraParams params) : params_(params) {}

  // Reserves the next slot if it starts no later than `latest`: returns its time (possibly
  // `now`). Returns nullopt and reserves nothing otherwise.
  std::optional<TimePoint> reserve(TimePoint now, TimePoint latest);
  // Gives a reserved slot back if no later slot was reserved since (a cancelled waiter).
  void release(TimePoint slot);

  const GcraParams& params() const { return params_; }

 private:
  struct Reservation {
    TimePoint slot;
    std::optional<TimePoint> tat_before;
    TimePoint tat_after;
  };
  GcraParams params_;
  std::optional<TimePoint> tat_;  // theoretical arrival time of the next slot
  std::optional<Reservation> last_;
};

}  // namespace qg::ratelimit
