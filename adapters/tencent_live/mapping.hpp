#pragma once
// LivePackageInfo → QuotaRecord (providers.md §4.4). Pure.
//
// The response's Type is not the request's PackageType: 0 traffic (bytes), 1 transcode
// (minutes), 2 top-speed transcode (minutes), 3 link-mic (hours). Times are Beijing time.

#include <cstdint>
#include <optional>
#include <string_view>

#include <boost/json/object.hpp>

#include "adapters/common/quota_record.hpp"

namespace qg::tencent_live {

struct PageInfo {
  adapters::RecordList records;
  std::optional<std::int64_t> total_page;  // nullable in the API
  std::optional<std::int64_t> total_num;
  std::size_t native_items = 0;            // LivePackageInfoList size, for the short-page rule
};

adapters::QuotaRecord map_package(const boost::json::object& package, const boost::json::object& response,
                                  std::string_view account);

// One decoded "Response" object of DescribeLivePackageInfo.
PageInfo map_page(const boost::json::object& response, std::string_view account);

}  // namespace qg::tencent_live
