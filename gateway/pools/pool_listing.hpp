#pragma once
// The pools of the sources a request collected, filtered, sorted and paged as GET /pools asks.
// Pure: the members' histories come in through a function.

#include <cstdint>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>

#include "gateway/pools/pool.hpp"
#include "gateway/pools/pool_query.hpp"
#include "gateway/quotas/keyset.hpp"
#include "gateway/quotas/source_data.hpp"

namespace qg::pools {

// Every pool of these sources, each forecast as of the instant its source's counters were read
// (`now` for a source that does not say). The pools point into the sources' record sets, which
// must outlive them.
std::vector<Pool> pools_of(const std::vector<quotas::SourceData>& sources, std::int64_t now,
                           std::int64_t horizon_seconds, const SeriesOf& series_of,
                           const history::ForecastPolicy& policy);

bool matches(const Pool& pool, const PoolQuery& query);
quotas::SortValue sort_value(const Pool& pool, std::string_view field);

using PoolPage = quotas::KeysetPage<const Pool*>;

// The page the query asks for; an unusable page_token is the error.
boost::system::result<PoolPage, quotas::InvalidParam> select_pools(const std::vector<Pool>& pools,
                                                                   const PoolQuery& query,
                                                                   std::string_view token_key);

}  // namespace qg::pools
