#pragma once
// AiRtcLicenseInfoDTO → QuotaRecord (providers.md §2.5). Pure.
//
// `remaining` stays null: AvailableCapacity is a capacity in an undocumented unit (the doc
// example pairs 10000 licenses with 10000000 capacity), not "licenses left". It is kept as
// details.available_capacity and in raw.

#include <cstdint>
#include <optional>
#include <string_view>

#include <boost/json/object.hpp>

#include "adapters/common/quota_record.hpp"

namespace qg::alibaba_ice {

struct PageInfo {
  adapters::RecordList records;
  std::optional<std::int64_t> total_count;
  std::size_t native_items = 0;
};

adapters::QuotaRecord map_license(const boost::json::object& license, std::string_view account);
PageInfo map_page(const boost::json::object& body, std::string_view account);

}  // namespace qg::alibaba_ice
