#include "gateway/pools/pool_listing.hpp"

#include <algorithm>

namespace qg::pools {
namespace {

template <class T>
bool in(const std::vector<T>& list, const T& v) {
  return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
}

quotas::SortValue optional_int(const std::optional<std::int64_t>& v) {
  return v ? quotas::SortValue(*v) : quotas::SortValue();
}

std::vector<Candidate> candidates_of(const cache::RecordSet& set) {
  static const boost::json::object kNoDetails;
  std::vector<Candidate> out;
  for (std::size_t row = 0; row < set.records.size(); ++row) {
    const auto& record = set.records[row];
    // A compacted record keeps its details as text: parsed only where the pool depends on them.
    const auto key = needs_details(record) ? pool_key(record, set.details_object(row)) : pool_key(record, kNoDetails);
    if (key) out.push_back({&record, *key});
  }
  return out;
}

}  // namespace

std::vector<Pool> pools_of(const std::vector<quotas::SourceData>& sources, std::int64_t now,
                           std::int64_t horizon_seconds, const SeriesOf& series_of,
                           const history::ForecastPolicy& policy) {
  std::vector<Pool> pools;
  for (const auto& source : sources) {
    if (!source.records) continue;
    const auto candidates = candidates_of(*source.records);
    const std::int64_t as_of = source.report.fetched_at.value_or(now);
    auto more = forecast_pools(candidates, as_of, horizon_seconds, series_of, policy);
    std::move(more.begin(), more.end(), std::back_inserter(pools));
  }
  return pools;
}

bool matches(const Pool& pool, const PoolQuery& q) {
  if (!in(q.providers, pool.key.provider) || !in(q.accounts, pool.key.account) || !in(q.kinds, pool.key.kind))
    return false;
  const auto* sim = pool.simulation ? &*pool.simulation : nullptr;
  // A pool without a date (or a waste figure) cannot satisfy a condition on it.
  if (q.exhausts_before && (!sim || !sim->runs_out_at || *sim->runs_out_at >= *q.exhausts_before)) return false;
  if (q.wastes_more_than && (!sim || sim->waste <= *q.wastes_more_than)) return false;
  return true;
}

quotas::SortValue sort_value(const Pool& pool, std::string_view field) {
  const auto* sim = pool.simulation ? &*pool.simulation : nullptr;
  if (field == "id") return pool.id;
  if (field == "provider") return pool.key.provider;
  if (field == "account") return pool.key.account;
  if (field == "kind") return pool.key.kind;
  if (field == "remaining") return pool.remaining;
  if (field == "burn_rate_per_day")
    return pool.burn_rate_per_day ? quotas::SortValue(*pool.burn_rate_per_day) : quotas::SortValue();
  if (field == "projected_exhaustion_at" || field == "buy_by") return optional_int(sim ? sim->runs_out_at : std::nullopt);
  if (field == "waste") return sim ? quotas::SortValue(sim->waste) : quotas::SortValue();
  if (field == "cover") return sim ? quotas::SortValue(sim->cover) : quotas::SortValue();
  return {};
}

boost::system::result<PoolPage, quotas::InvalidParam> select_pools(const std::vector<Pool>& pools,
                                                                   const PoolQuery& q, std::string_view token_key) {
  auto cursor = quotas::page_cursor(q.page_token, q.fingerprint, token_key, q.sort.size());
  if (!cursor) return cursor.error();
  std::vector<quotas::Keyed<const Pool*>> kept;
  for (const auto& pool : pools) {
    if (!matches(pool, q)) continue;
    quotas::Keyed<const Pool*> k{&pool, {}, pool.id};
    for (const auto& s : q.sort) k.key.push_back(sort_value(pool, s.field));
    kept.push_back(std::move(k));
  }
  return quotas::keyset_page(std::move(kept), q.sort, q.page_size, *cursor, q.fingerprint, token_key);
}

}  // namespace qg::pools
