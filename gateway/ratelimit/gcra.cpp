#include "gateway/ratelimit/gcra.hpp"

#include <algorithm>
#include <cmath>

namespace qg::ratelimit {

GcraParams gcra_params(const RateLimit& limit) {
  double n = limit.requests;
  Duration window = limit.per;
  if (n < 1) {
    // "0.5/s" is one request per 2 s.
    window = std::chrono::duration_cast<Duration>(window * (1.0 / n));
    n = 1;
  }
  const auto whole = static_cast<int>(std::floor(n));  // a fractional request cannot be sent
  GcraParams p;
  // A small burst lets a fan-out's pages go out together (4 at Tencent's 20/s, 2 at 10/s), so a
  // cold answer waits for the cloud's latency rather than for pacing; it is paid for by a
  // slightly longer interval, so every window still holds at most N.
  p.burst = std::clamp(static_cast<int>(std::lround(whole / 5.0)), 1, 4);
  const double slots_per_window = whole - p.burst + 1;
  p.emission_interval = std::chrono::duration_cast<Duration>(window * ((1.0 + kJitterMargin) / slots_per_window));
  return p;
}

std::optional<TimePoint> Gcra::reserve(TimePoint now, TimePoint latest) {
  const TimePoint tat = tat_.value_or(now);
  const TimePoint slot = std::max(now, tat - params_.tolerance());
  if (slot > latest) return std::nullopt;
  const auto before = tat_;
  tat_ = std::max(tat, slot) + params_.emission_interval;
  last_ = Reservation{slot, before, *tat_};
  return slot;
}

void Gcra::release(TimePoint slot) {
  if (last_ && last_->slot == slot && tat_ == last_->tat_after) tat_ = last_->tat_before;
  last_.reset();
}

}  // namespace qg::ratelimit
