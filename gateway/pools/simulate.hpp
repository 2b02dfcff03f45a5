#pragma once
// A pool's future: usage at a steady rate, deducted from the members in deduction order, each
// member only between its start and its expiry. Pure: `now` and the rate are arguments.
//
// At any instant the cloud draws on the first member in order that has started, has not expired
// and has something left; a member that starts later with an earlier place in the order takes
// over when it starts. What a member still holds when it expires is lost (waste). When no member
// can be drawn on, usage is not covered: the first such instant is when the pool runs out.
//
// Arithmetic: amounts are integers scaled by the rate's denominator (128 bits), time is whole
// seconds; a member used up within a second is marked at the end of that second and the part of
// that second's usage it could not pay is drawn from the next member, so nothing is lost or
// invented by rounding.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gateway/pools/membership.hpp"
#include "gateway/pools/rate.hpp"

namespace qg::pools {

struct SimMember {
  std::string id;
  std::int64_t remaining = 0;  // what can still be drawn; <= 0: nothing
  std::optional<std::int64_t> starts_at;   // null: already started
  std::optional<std::int64_t> expires_at;  // null: never expires
  OrderKey order{};                        // smaller first, then id
};

struct MemberOutcome {
  std::string id;
  std::optional<std::int64_t> drain_starts_at;  // first drawn on
  std::optional<std::int64_t> drain_stops_at;   // last drawn on (used up, expired, or taken over for good)
  std::optional<std::int64_t> exhausted_at;     // used up; null when it expires first or is never reached
  std::int64_t waste = 0;                       // left at expiry
  std::optional<std::int64_t> waste_at;         // the expiry that loses it; null when waste is 0
};

// Why a pool that is drawn on has no date it runs out.
enum class NoRunOut {
  kFlatUsage,    // the rate is 0: nothing is drawn
  kBeyondLimit,  // usage stays covered for the next 100 years (nothing expires that soon, or too little use)
};

struct Simulation {
  std::vector<MemberOutcome> members;  // in deduction order
  // The first instant usage is not covered (at `now` when nothing can be drawn on): when the pool
  // runs out, and so the date a new package must be active by.
  std::optional<std::int64_t> runs_out_at;
  std::optional<NoRunOut> no_run_out;  // set exactly when runs_out_at is not
  std::int64_t waste = 0;              // sum over members
  std::int64_t cover = 0;              // usage in [now, now + horizon) the members do not cover
};

// The members come in any order; the outcome lists them in deduction order.
Simulation simulate(std::vector<SimMember> members, Rate rate, std::int64_t now, std::int64_t horizon_seconds);

}  // namespace qg::pools
