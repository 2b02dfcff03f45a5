#pragma once
// How fast a pool is used: from the pool's total use over time, not from any one member, so the
// rate does not jump when the cloud moves on to the next member, when a package joins (its use
// counts from its first sample) or when one expires (its use stays counted). Pure.

#include <optional>
#include <span>
#include <vector>

#include "gateway/history/forecast.hpp"
#include "gateway/history/sample.hpp"

namespace qg::pools {

// Each member's samples, ascending by `at` (history::Recorder keeps them so).
using MemberSeries = std::span<const history::Sample>;

// The pool's cumulative use at every instant any member was sampled, as samples with only
// `used` set: the sum over members of what each used since its first sample (linear between a
// member's samples, held after its last). A member's use is read from `used`, or from the fall
// of `remaining` where `used` is missing; a rise (a refill, a correction) adds nothing.
std::vector<history::Sample> pool_used_series(std::span<const MemberSeries> members);

// Units per day, from that series through the per-package regression (history::forecast: the
// same window, stall rule and Theil-Sen slope). A double: it is an estimate. nullopt: too little
// history (policy.min_span_seconds).
std::optional<double> pool_burn_rate_per_day(std::span<const history::Sample> pool_used, std::int64_t now,
                                             const history::ForecastPolicy& policy);

}  // namespace qg::pools
