#include "adapters/alibaba_ice/mapping.hpp"

#include "adapters/alibaba_ice/request.hpp"
#include "adapters/common/json_util.hpp"
#include "adapters/common/record_bounds.hpp"
#include "adapters/common/time.hpp"

namespace qg::alibaba_ice {

namespace json = adapters::json;
using adapters::QuotaStatus;

adapters::QuotaRecord map_license(const boost::json::object& l, std::string_view account) {
  adapters::QuotaRecord r;
  const std::string native_id = json::get_string(l, "LicenseItemId").value_or("");
  r.id = adapters::make_record_id(kProvider, account, native_id);
  r.provider = std::string(kProvider);
  r.account = std::string(account);
  const auto type = json::get_int(l, "Type");
  if (type == 1) {
    r.kind = "ai-rtc-audio";
    r.name = "AI real-time conversation, audio call licenses " + native_id;
  } else if (type == 2) {
    r.kind = "ai-rtc-vision";
    r.name = "AI real-time conversation, vision call licenses " + native_id;
  } else {
    r.kind = "ai-rtc-type-" + (type ? std::to_string(*type) : std::string("unknown"));
    r.name = "AI real-time conversation licenses " + native_id;
  }
  const auto status = json::get_int(l, "Status");
  r.native_status = status ? std::to_string(*status) : "";
  r.status = status == 1 ? QuotaStatus::kActive : status == 2 ? QuotaStatus::kExpired : QuotaStatus::kUnknown;
  r.unit = "licenses";
  r.total = json::get_int(l, "LicenseCount");
  if (auto s = json::get_string(l, "BeginOn")) r.starts_at = adapters::parse_rfc3339(*s);
  if (auto s = json::get_string(l, "ExpiredOn")) r.expires_at = adapters::parse_rfc3339(*s);
  if (auto v = json::get_int(l, "AvailableCapacity")) r.details["available_capacity"] = *v;
  if (auto v = json::get_int(l, "ValidDays")) r.details["valid_days"] = *v;
  if (auto v = json::get_string(l, "InstanceId")) r.details["instance_id"] = *v;
  if (auto v = json::get_string(l, "ContractNo")) r.details["contract_no"] = *v;
  if (auto v = json::get_string(l, "CreationTime")) r.details["creation_time"] = *v;
  if (auto v = json::get_string(l, "ModificationTime")) r.details["modification_time"] = *v;
  r.raw = l;
  adapters::finalize(r);
  return r;
}

PageInfo map_page(const boost::json::object& body, std::string_view account) {
  PageInfo page;
  page.total_count = json::get_int(body, "TotalCount");
  if (const auto* list = json::get_array(body, "LicenseInfoList")) {
    page.native_items = list->size();
    if (adapters::oversized_page(page.native_items)) return page;  // not mapped: the provider refuses it
    for (const auto& item : *list) {
      if (const auto* l = item.if_object()) page.records.push_back(map_license(*l, account));
    }
  }
  return page;
}

}  // namespace qg::alibaba_ice
