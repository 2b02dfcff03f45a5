#pragma once
// How fast a package is being consumed and when it runs out, from its recorded samples. Pure:
// `now` is an argument and nothing is read from the clock.
//
// Method (see forecast.cpp for the reasons):
//  1. Basis: `remaining` (or total - used) when the latest sample has it; otherwise `used`,
//     which gives a rate but no exhaustion date.
//  2. Only samples in [now - window_seconds, ...] after the last refill or replacement (the level
//     rises by more than 2% of the total, or the total changes) are used.
//  3. The rate is the Theil-Sen slope (median of pairwise slopes) of consumption over a uniform
//     time grid of at most 200 points, linearly interpolated between samples. The grid makes the
//     estimate depend on time, not on how many samples there are (dense while changing, one per
//     heartbeat while flat, none while a cloud was down); the median ignores noise and spikes.
//  4. Stall: when the last `stall_seconds` consumed less than 5% of what that rate predicts, the
//     rate of that trailing period is reported instead, so a package whose use stopped is not
//     projected to run out. Usage that pauses for a weekend therefore reads ~0 on the weekend.
//  5. Negative rates (levels creeping up by less than a refill) are reported as 0.

#include <cstdint>
#include <optional>
#include <span>

#include "gateway/history/sample.hpp"

namespace qg::history {

struct ForecastPolicy {
  std::int64_t window_seconds = 7 * 86400;  // history older than now - window is ignored
  std::int64_t min_span_seconds = 3600;     // shorter usable history gives no forecast at all
  std::int64_t stall_seconds = 86400;       // trailing period that can overrule the window rate; 0 disables
  bool operator==(const ForecastPolicy&) const = default;
};

struct Forecast {
  // In the record's unit per day, positive while the package is consumed, 0 when flat. nullopt:
  // no usable samples, or they span less than min_span_seconds.
  std::optional<double> burn_rate_per_day;
  // Unix seconds when `remaining` reaches 0 at that rate, counted from the latest sample (that
  // sample's time when it is already <= 0). nullopt: the rate is not positive, the latest
  // remaining is unknown, the span is too short, or the date is more than 100 years away.
  std::optional<std::int64_t> projected_exhaustion_at;
};

// `samples` ascending by `at`.
Forecast forecast(std::span<const Sample> samples, std::int64_t now, const ForecastPolicy& policy);

}  // namespace qg::history
