#pragma once
// A pool as the API shows it: its members in deduction order, what they hold, how fast the pool
// is used and what the simulation makes of that. Pure: the members' histories come in through
// a function and `as_of` is the instant the counters were read.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/common/quota_record.hpp"
#include "gateway/history/forecast.hpp"
#include "gateway/history/sample.hpp"
#include "gateway/pools/membership.hpp"
#include "gateway/pools/simulate.hpp"

namespace qg::pools {

inline constexpr std::int64_t kDefaultHorizonSeconds = 90 * 86400;

// A member's samples, ascending (history::Recorder::points).
using SeriesOf = std::function<std::vector<history::Sample>(const std::string& id)>;

struct Candidate {
  const adapters::QuotaRecord* record = nullptr;
  PoolKey key;
};

struct Pool {
  PoolKey key;
  std::string id;
  std::vector<const adapters::QuotaRecord*> members;  // deduction order; outcome i is member i
  std::int64_t as_of = 0;
  std::int64_t horizon_seconds = kDefaultHorizonSeconds;
  std::int64_t remaining = 0;  // what the members can still be drawn for
  std::optional<double> burn_rate_per_day;
  // nullopt: no rate yet (too little history), so nothing is projected.
  std::optional<Simulation> simulation;
};

// "flat_usage", "beyond_100_years", "no_history"; empty when the pool has a date it runs out.
std::string_view no_run_out_reason(const Pool& pool);

// Groups the candidates by pool (ordered by pool id) and forecasts each pool.
std::vector<Pool> forecast_pools(std::span<const Candidate> candidates, std::int64_t as_of,
                                 std::int64_t horizon_seconds, const SeriesOf& series_of,
                                 const history::ForecastPolicy& policy);

// Records as fetched at `at`: each pooled record's projected_exhaustion_at becomes the date the
// simulation uses it up (null when it expires first or is never reached), members waiting in
// line included. Pools without a rate yet keep the records' own forecasts.
void project_members(adapters::RecordList& records, std::int64_t at, const SeriesOf& series_of,
                     const history::ForecastPolicy& policy);

}  // namespace qg::pools
