#pragma once
// Pools in /metrics, the exporter's way (quotas/exporter.hpp): base units, lean series carrying
// pool_id only, the descriptive labels once on quotagw_pool_info. Pure.

#include <optional>
#include <span>
#include <string>

#include "gateway/pools/pool.hpp"

namespace qg::pools {

// Every pool family with its HELP and TYPE lines (none for a family without samples), and the
// configured waste threshold QuotaPoolWastesUnits compares quotagw_pool_waste_ratio with.
std::string render_pool_families(std::span<const Pool> pools, double waste_threshold_ratio);

}  // namespace qg::pools
