#include "adapters/tencent_live/mapping.hpp"

#include <array>

#include "adapters/common/json_util.hpp"
#include "adapters/common/record_bounds.hpp"
#include "adapters/common/time.hpp"
#include "adapters/tencent_live/request.hpp"

namespace qg::tencent_live {
namespace {

namespace json = adapters::json;
using adapters::QuotaStatus;

struct TypeInfo {
  std::string_view kind;
  std::string_view unit;
  std::string_view name;
};

constexpr std::array<TypeInfo, 4> kTypes{{
    {"live-traffic", "bytes", "Live traffic package"},
    {"live-transcode", "minutes", "Live transcode package"},
    {"live-transcode-topspeed", "minutes", "Live top-speed transcode package"},
    {"live-linkmic", "hours", "Live link-mic package"},
}};

constexpr std::array<QuotaStatus, 6> kStatuses{QuotaStatus::kPending, QuotaStatus::kActive,   QuotaStatus::kExpired,
                                               QuotaStatus::kFrozen,  QuotaStatus::kExhausted, QuotaStatus::kRefunded};

std::optional<std::int64_t> beijing_time(const boost::json::object& o, std::string_view key) {
  auto text = json::get_string(o, key);
  if (!text) return std::nullopt;
  return adapters::parse_local_datetime(*text, adapters::kBeijingUtcOffsetSeconds);
}

}  // namespace

adapters::QuotaRecord map_package(const boost::json::object& p, const boost::json::object& response,
                                  std::string_view account) {
  adapters::QuotaRecord r;
  const std::string native_id = json::get_string(p, "Id").value_or("");
  r.id = adapters::make_record_id(kProvider, account, native_id);
  r.provider = std::string(kProvider);
  r.account = std::string(account);

  const auto type = json::get_int(p, "Type");
  if (type && *type >= 0 && *type < static_cast<std::int64_t>(kTypes.size())) {
    const auto& info = kTypes[static_cast<std::size_t>(*type)];
    r.kind = std::string(info.kind);
    r.unit = std::string(info.unit);
    r.name = std::string(info.name) + " " + native_id;
  } else {
    // A type added after this adapter was written: keep the record, say what we know.
    r.kind = "live-package-type-" + (type ? std::to_string(*type) : std::string("unknown"));
    r.unit = "unknown";
    r.name = "Live package " + native_id;
  }

  const auto status = json::get_int(p, "Status");
  r.native_status = status ? std::to_string(*status) : "";
  r.status = status && *status >= 0 && *status < static_cast<std::int64_t>(kStatuses.size())
                 ? kStatuses[static_cast<std::size_t>(*status)]
                 : QuotaStatus::kUnknown;

  r.total = json::get_int(p, "Total");
  r.used = json::get_int(p, "Used");
  r.remaining = json::get_int(p, "Left");
  r.starts_at = beijing_time(p, "BuyTime");
  r.expires_at = beijing_time(p, "ExpireTime");
  if (auto renew = json::get_int(p, "WillRenew")) r.auto_renew = *renew != 0;

  if (auto v = json::get_int(p, "RenewalResult")) r.details["renewal_result"] = *v;
  if (auto v = json::get_int(p, "Type")) r.details["package_type"] = *v;
  if (auto v = json::get_int(response, "PackageBillMode")) r.details["bill_mode"] = *v;
  if (type && *type == 0) {
    if (auto modes = json::get_string(response, "FluxPackageBillMode")) r.details["flux_package_bill_mode"] = *modes;
  }
  r.raw = p;
  adapters::finalize(r);
  return r;
}

PageInfo map_page(const boost::json::object& response, std::string_view account) {
  PageInfo page;
  page.total_page = json::get_int(response, "TotalPage");
  page.total_num = json::get_int(response, "TotalNum");
  if (const auto* list = json::get_array(response, "LivePackageInfoList")) {
    page.native_items = list->size();
    if (adapters::oversized_page(page.native_items)) return page;  // not mapped: the provider refuses it
    page.records.reserve(list->size());
    for (const auto& item : *list) {
      if (const auto* p = item.if_object()) page.records.push_back(map_package(*p, response, account));
    }
  }
  return page;
}

}  // namespace qg::tencent_live
