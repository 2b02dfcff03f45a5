#pragma once
// A burn rate as an exact fraction: `units` every `seconds`. The regression that measures a rate
// (history/forecast) gives a double, which is fine for an estimate; it enters the simulation
// once, through from_per_day, and every amount after that is integer arithmetic, so a pool of
// petabytes loses no byte to rounding. Pure.

#include <cstdint>

namespace qg::pools {

struct Rate {
  std::int64_t units = 0;    // >= 0; 0 is flat usage
  std::int64_t seconds = 1;  // > 0
  bool operator==(const Rate&) const = default;
};

// The estimate in units per day as a fraction with at least nine significant digits (more for
// small rates, down to 1e-9 units a day; below that the rate is flat). Negative, NaN: flat.
Rate rate_from_per_day(double units_per_day);

double per_day(const Rate& rate);

}  // namespace qg::pools
