#pragma once
// AiRtcLicenseInfoDTO → QuotaRecord (providers.md §2.5). Pure.
//
// - id: LicenseItemId (the batch ID); kind from Type: 1 ai-rtc-audio, 2 ai-rtc-vision, another
//   value ai-rtc-type-<n> (ai-rtc-type-unknown without Type); name: "AI real-time
//   conversation, audio|vision call licenses <LicenseItemId>" (the API gives no name).
// - status from Status: 1 active, 2 expired, anything else unknown; native_status is the
//   number as text.
// - unit licenses, total = LicenseCount. `remaining` and `used` stay null: AvailableCapacity is
//   a capacity in an undocumented unit (the doc example pairs 10000 licenses with 10000000
//   capacity), not "licenses left". It is kept as details.available_capacity and in raw.
// - starts_at = BeginOn, expires_at = ExpiredOn (ISO-8601 UTC already).
// - details: available_capacity, valid_days, instance_id, contract_no, creation_time,
//   modification_time, each only when the field is there.
// Missing or unreadable fields (a wrong type, a number beyond int64, a bad time) are null.

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
