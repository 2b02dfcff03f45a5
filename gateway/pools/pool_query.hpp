#pragma once
// GET /pools and GET /pools/{id} parameters: parsed and validated in one place, with the checks
// and shared parameters of GET /quotas (quotas/params.hpp). Pure: "now" comes in as an argument.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>

#include "gateway/pools/pool.hpp"
#include "gateway/quotas/params.hpp"
#include "gateway/quotas/query.hpp"

namespace qg::pools {

struct PoolQuery {
  std::vector<std::string> providers, accounts, kinds;
  std::optional<std::int64_t> exhausts_before;   // Unix seconds, exclusive: runs out before it
  std::optional<std::int64_t> wastes_more_than;  // units, exclusive
  std::int64_t horizon_seconds = kDefaultHorizonSeconds;
  std::vector<quotas::SortKey> sort{{"projected_exhaustion_at", false}};  // id is the last tie-breaker
  std::size_t page_size = 100;
  bool page_size_given = false;
  std::string page_token;
  std::optional<quotas::OutputFormat> format;
  // What a page token is bound to (relative times as written).
  std::string fingerprint;
};

const std::vector<std::string_view>& pool_sortable_fields();

boost::system::result<PoolQuery, std::vector<quotas::InvalidParam>> parse_pool_query(
    std::string_view raw, std::int64_t now_unix, std::span<const std::string> accounts);

// GET /pools/{id} takes `horizon` only.
boost::system::result<std::int64_t, std::vector<quotas::InvalidParam>> parse_pool_detail_query(std::string_view raw);

bool selects_source(const PoolQuery& query, std::string_view provider, std::string_view account);

}  // namespace qg::pools
