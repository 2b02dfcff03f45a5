#include "adapters/alibaba_aicontent/mapping.hpp"

#include <array>

#include "adapters/alibaba_aicontent/request.hpp"
#include "adapters/common/json_util.hpp"
#include "adapters/common/time.hpp"

namespace qg::alibaba_aicontent {

namespace json = adapters::json;
using adapters::QuotaStatus;

QuotaStatus map_status(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, QuotaStatus>, 14> kWords{{
      {"ACTIVE", QuotaStatus::kActive},       {"NORMAL", QuotaStatus::kActive},
      {"VALID", QuotaStatus::kActive},        {"EXPIRED", QuotaStatus::kExpired},
      {"EXHAUSTED", QuotaStatus::kExhausted}, {"USED_UP", QuotaStatus::kExhausted},
      {"DEPLETED", QuotaStatus::kExhausted},  {"FROZEN", QuotaStatus::kFrozen},
      {"SUSPENDED", QuotaStatus::kFrozen},    {"STOPPED", QuotaStatus::kFrozen},
      {"PENDING", QuotaStatus::kPending},     {"NOT_EFFECTIVE", QuotaStatus::kPending},
      {"REFUNDED", QuotaStatus::kRefunded},   {"RELEASED", QuotaStatus::kExpired},
  }};
  std::string upper(s);
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& [word, status] : kWords) {
    if (upper == word) return status;
  }
  return QuotaStatus::kUnknown;
}

std::string kebab(std::string_view code) {
  std::string out;
  for (const char ch : code) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '_' || ch == ' ' || ch == '.') {
      if (!out.empty() && out.back() != '-') out.push_back('-');
    } else {
      out.push_back(static_cast<char>(std::tolower(c)));
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

adapters::QuotaRecord map_resource(const boost::json::object& o, std::string_view account) {
  adapters::QuotaRecord r;
  const std::string instance = json::get_string(o, "instanceId").value_or("");
  const std::string catalog = json::get_string(o, "resourceCatalogCode").value_or("");
  // One instance can carry several catalogs; the pair is what identifies a package.
  r.id = adapters::make_record_id(kProvider, account, catalog.empty() ? instance : instance + ":" + catalog);
  r.provider = std::string(kProvider);
  r.account = std::string(account);
  r.kind = catalog.empty() ? "aicontent-resource" : kebab(catalog);
  const std::string package_name = json::get_string(o, "resourcePackageName").value_or("");
  const std::string catalog_name = json::get_string(o, "resourceCatalogName").value_or("");
  r.name = package_name.empty() ? catalog_name : catalog_name.empty() ? package_name : package_name + " / " + catalog_name;
  r.native_status = json::get_string(o, "resourceStatus").value_or("");
  r.status = map_status(r.native_status);
  r.unit = "count";
  r.total = json::get_int(o, "quantity");
  r.remaining = json::get_int(o, "remainQuantity");
  if (r.total && r.remaining && *r.remaining <= *r.total) r.used = *r.total - *r.remaining;
  if (auto s = json::get_string(o, "effectiveTime")) {
    r.starts_at = adapters::parse_local_datetime(*s, adapters::kBeijingUtcOffsetSeconds);
  }
  if (auto s = json::get_string(o, "expireTime")) {
    r.expires_at = adapters::parse_local_datetime(*s, adapters::kBeijingUtcOffsetSeconds);
  }
  if (!instance.empty()) r.details["instance_id"] = instance;
  if (auto v = json::get_string(o, "resourcePackageCode")) r.details["resource_package_code"] = *v;
  if (!catalog.empty()) r.details["resource_catalog_code"] = catalog;
  if (!package_name.empty()) r.details["resource_package_name"] = package_name;
  if (!catalog_name.empty()) r.details["resource_catalog_name"] = catalog_name;
  r.raw = o;
  adapters::finalize(r);
  return r;
}

PageInfo map_page(const boost::json::object& body, std::string_view account) {
  PageInfo page;
  page.total_count = json::get_int(body, "totalCount");
  page.next_token = json::get_string(body, "nextToken");
  if (const auto* list = json::get_array(body, "data")) {
    page.native_items = list->size();
    for (const auto& item : *list) {
      if (const auto* o = item.if_object()) page.records.push_back(map_resource(*o, account));
    }
  }
  return page;
}

}  // namespace qg::alibaba_aicontent
