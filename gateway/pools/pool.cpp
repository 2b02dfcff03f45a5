#include "gateway/pools/pool.hpp"

#include <algorithm>
#include <map>

#include "gateway/pools/burn.hpp"

namespace qg::pools {
namespace {

Pool forecast_pool(PoolKey key, std::vector<const adapters::QuotaRecord*> members, std::int64_t as_of,
                   std::int64_t horizon_seconds, const SeriesOf& series_of, const history::ForecastPolicy& policy) {
  const DeductionOrder order = key.order;
  std::sort(members.begin(), members.end(), [order](const auto* a, const auto* b) {
    const auto ka = order_key(*a, order);
    const auto kb = order_key(*b, order);
    return ka != kb ? ka < kb : a->id < b->id;
  });
  Pool pool;
  pool.id = key.id();
  pool.key = std::move(key);
  pool.as_of = as_of;
  pool.horizon_seconds = horizon_seconds;

  std::vector<std::vector<history::Sample>> histories;
  std::vector<SimMember> sim_members;
  histories.reserve(members.size());
  for (const auto* r : members) {
    histories.push_back(series_of(r->id));
    const std::int64_t left = std::max<std::int64_t>(drawable_remaining(*r).value_or(0), 0);
    pool.remaining += left;
    sim_members.push_back({r->id, left, r->starts_at, r->expires_at, order_key(*r, order)});
  }
  const std::vector<MemberSeries> spans(histories.begin(), histories.end());
  pool.burn_rate_per_day = pool_burn_rate_per_day(pool_used_series(spans), as_of, policy);
  if (pool.burn_rate_per_day) {
    pool.simulation = simulate(std::move(sim_members), rate_from_per_day(*pool.burn_rate_per_day), as_of,
                               horizon_seconds);
  }
  pool.members = std::move(members);
  return pool;
}

}  // namespace

std::string_view no_run_out_reason(const Pool& pool) {
  if (!pool.simulation) return "no_history";
  if (!pool.simulation->no_run_out) return {};
  switch (*pool.simulation->no_run_out) {
    case NoRunOut::kFlatUsage: return "flat_usage";
    case NoRunOut::kBeyondLimit: return "beyond_100_years";
  }
  return {};
}

std::vector<Pool> forecast_pools(std::span<const Candidate> candidates, std::int64_t as_of,
                                 std::int64_t horizon_seconds, const SeriesOf& series_of,
                                 const history::ForecastPolicy& policy) {
  std::map<std::string, std::pair<PoolKey, std::vector<const adapters::QuotaRecord*>>> groups;
  for (const auto& c : candidates) {
    auto& group = groups[c.key.id()];
    if (group.second.empty()) group.first = c.key;
    group.second.push_back(c.record);
  }
  std::vector<Pool> pools;
  pools.reserve(groups.size());
  for (auto& [id, group] : groups) {
    pools.push_back(forecast_pool(std::move(group.first), std::move(group.second), as_of, horizon_seconds,
                                  series_of, policy));
  }
  return pools;
}

void project_members(adapters::RecordList& records, std::int64_t at, const SeriesOf& series_of,
                     const history::ForecastPolicy& policy) {
  std::vector<Candidate> candidates;
  for (const auto& r : records) {
    if (auto key = pool_key(r, r.details)) candidates.push_back({&r, std::move(*key)});
  }
  if (candidates.empty()) return;
  std::map<const adapters::QuotaRecord*, std::optional<std::int64_t>> projected;
  for (const Pool& pool : forecast_pools(candidates, at, kDefaultHorizonSeconds, series_of, policy)) {
    if (!pool.simulation) continue;
    for (std::size_t i = 0; i < pool.members.size(); ++i)
      projected[pool.members[i]] = pool.simulation->members[i].exhausted_at;
  }
  for (auto& r : records) {
    if (const auto it = projected.find(&r); it != projected.end()) r.projected_exhaustion_at = it->second;
  }
}

}  // namespace qg::pools
