#include "gateway/pools/simulate.hpp"

#include <algorithm>
#include <limits>

namespace qg::pools {
namespace {

// 128 bits: an int64 amount times a rate denominator (at most 86400e9, rate.hpp) still fits.
__extension__ using Wide = __int128;

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();
// Past this a date is noise and would not fit a timestamp safely (the same bound as the
// per-package forecast).
constexpr std::int64_t kLimitSeconds = 100LL * 365 * 86400;

struct Slot {
  SimMember in;
  MemberOutcome out;
  Wide left = 0;  // in units * scale
  bool gone = false;
};

bool drawable(const Slot& s, std::int64_t t) {
  return !s.gone && s.left > 0 && (!s.in.starts_at || *s.in.starts_at <= t);
}

// scaled / divisor as an int64 (saturated), rounded down or up.
std::int64_t divide(Wide scaled, std::int64_t divisor, bool round_up) {
  const Wide units = round_up ? (scaled + divisor - 1) / divisor : scaled / divisor;
  return units > std::numeric_limits<std::int64_t>::max() ? std::numeric_limits<std::int64_t>::max()
                                                           : static_cast<std::int64_t>(units);
}

std::vector<Slot> slots_of(std::vector<SimMember> members, std::int64_t scale, std::int64_t now) {
  std::sort(members.begin(), members.end(), [](const SimMember& a, const SimMember& b) {
    return a.order != b.order ? a.order < b.order : a.id < b.id;
  });
  std::vector<Slot> slots;
  slots.reserve(members.size());
  for (auto& m : members) {
    Slot s;
    s.out.id = m.id;
    s.left = static_cast<Wide>(std::max<std::int64_t>(m.remaining, 0)) * scale;
    // Already expired or spent: past, not something this simulation loses.
    s.gone = s.left == 0 || (m.expires_at && *m.expires_at <= now);
    s.in = std::move(m);
    slots.push_back(std::move(s));
  }
  return slots;
}

// Members whose expiry has come lose what they hold.
void expire(std::vector<Slot>& slots, std::int64_t t, std::int64_t scale) {
  for (auto& s : slots) {
    if (s.gone || !s.in.expires_at || *s.in.expires_at > t) continue;
    s.gone = true;
    s.out.waste = divide(s.left, scale, false);
    if (s.out.waste > 0) s.out.waste_at = *s.in.expires_at;
  }
}

// The next instant a member starts or expires, after t.
std::int64_t next_event(const std::vector<Slot>& slots, std::int64_t t) {
  std::int64_t next = kNever;
  for (const auto& s : slots) {
    if (s.gone) continue;
    if (s.in.starts_at && *s.in.starts_at > t) next = std::min(next, *s.in.starts_at);
    if (s.in.expires_at && *s.in.expires_at > t) next = std::min(next, *s.in.expires_at);
  }
  return next;
}

void mark_drawn(Slot& s, std::int64_t from, std::int64_t to) {
  if (!s.out.drain_starts_at) s.out.drain_starts_at = from;
  s.out.drain_stops_at = to;
  if (s.left == 0) {
    s.out.exhausted_at = to;
    s.gone = true;
  }
}

// Usage owed at t (the rest of the second a member ran out in) is paid by the next members.
Wide pay(std::vector<Slot>& slots, Wide owed, std::int64_t t) {
  for (auto& s : slots) {
    if (owed == 0) break;
    if (!drawable(s, t)) continue;
    const Wide take = std::min(owed, s.left);
    s.left -= take;
    owed -= take;
    mark_drawn(s, t, t);
  }
  return owed;
}

Slot* first_drawable(std::vector<Slot>& slots, std::int64_t t) {
  for (auto& s : slots) {
    if (drawable(s, t)) return &s;
  }
  return nullptr;
}

}  // namespace

Simulation simulate(std::vector<SimMember> members, Rate rate, std::int64_t now, std::int64_t horizon_seconds) {
  const bool flat = rate.units <= 0 || rate.seconds <= 0;
  const std::int64_t scale = flat ? 1 : rate.seconds;
  const Wide per_second = flat ? 0 : rate.units;
  std::vector<Slot> slots = slots_of(std::move(members), scale, now);
  const std::int64_t limit = now + kLimitSeconds;
  const std::int64_t horizon_end = now + std::clamp<std::int64_t>(horizon_seconds, 0, kLimitSeconds);

  Simulation sim;
  Wide owed = 0;       // usage of the second just ended that its member could not pay
  Wide uncovered = 0;  // usage within the horizon that no member pays
  std::int64_t t = now;
  for (;;) {
    expire(slots, t, scale);
    if (flat) {
      const std::int64_t next = next_event(slots, t);
      if (next == kNever) break;
      t = next;
      continue;
    }
    owed = pay(slots, owed, t);
    Slot* active = owed == 0 ? first_drawable(slots, t) : nullptr;
    const std::int64_t next = next_event(slots, t);
    if (active == nullptr) {
      if (!sim.runs_out_at) sim.runs_out_at = t;
      if (t < horizon_end) uncovered += owed + per_second * (std::min(next, horizon_end) - t);
      owed = 0;
      if (next >= limit) break;
      t = next;
      continue;
    }
    const std::int64_t used_up = t + divide(active->left, rate.units, true);
    const std::int64_t until = std::min({used_up, next, limit});
    const Wide drawn = per_second * (until - t);
    if (drawn >= active->left) {
      owed = drawn - active->left;
      active->left = 0;
    } else {
      active->left -= drawn;
    }
    mark_drawn(*active, t, until);
    if (until >= limit) break;
    t = until;
  }

  if (!sim.runs_out_at) sim.no_run_out = flat ? NoRunOut::kFlatUsage : NoRunOut::kBeyondLimit;
  sim.cover = divide(uncovered, scale, true);
  for (auto& s : slots) {
    sim.waste += s.out.waste;
    sim.members.push_back(std::move(s.out));
  }
  return sim;
}

}  // namespace qg::pools
