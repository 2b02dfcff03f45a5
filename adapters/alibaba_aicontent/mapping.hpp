#pragma once
// PaidResourceDTO → QuotaRecord (providers.md §3.5). Pure.
//
// resourceStatus is an open enumeration (only ACTIVE is documented): known words map to the
// normalized statuses, anything else is `unknown` with native_status kept verbatim. Times are
// "YYYY-MM-DD hh:mm:ss" Beijing time.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "adapters/common/quota_record.hpp"

namespace qg::alibaba_aicontent {

struct PageInfo {
  adapters::RecordList records;
  std::optional<std::int64_t> total_count;
  std::optional<std::string> next_token;
  std::size_t native_items = 0;
};

adapters::QuotaStatus map_status(std::string_view resource_status);
std::string kebab(std::string_view code);  // "AI_ORAL" → "ai-oral"
adapters::QuotaRecord map_resource(const boost::json::object& resource, std::string_view account);
PageInfo map_page(const boost::json::object& body, std::string_view account);

}  // namespace qg::alibaba_aicontent
