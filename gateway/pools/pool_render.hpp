#pragma once
// Pools as GET /pools and GET /pools/{id} serve them: JSON (the /quotas envelope: items,
// sources, total_items, next_page_token) and CSV (one row per pool). Pure.

#include <span>
#include <string>

#include <boost/json/object.hpp>

#include "gateway/pools/pool.hpp"
#include "gateway/pools/pool_listing.hpp"
#include "gateway/quotas/source_report.hpp"

namespace qg::pools {

// A pool; with its members (in deduction order, each with its drain dates and waste) when
// `with_members`.
boost::json::object pool_json(const Pool& pool, bool with_members);

std::string render_pools_json(const PoolPage& page, std::span<const quotas::SourceReport> sources);
std::string render_pools_csv(const PoolPage& page);

}  // namespace qg::pools
