#include "adapters/alibaba_aicontent/mapping.hpp"

#include <array>
#include <cctype>
#include <utility>

#include "adapters/alibaba_aicontent/request.hpp"
#include "adapters/common/json_util.hpp"
#include "adapters/common/record_bounds.hpp"
#include "adapters/common/time.hpp"

namespace qg::alibaba_aicontent {

namespace json = adapters::json;
using adapters::QuotaStatus;

namespace {

std::string resource_name(const std::string& package, const std::string& catalog,
                          const std::string& catalog_code, const std::string& instance) {
  if (!package.empty() && !catalog.empty() && package != catalog) return package + " / " + catalog;
  if (!package.empty()) return package;
  if (!catalog.empty()) return catalog;
  return catalog_code.empty() ? instance : catalog_code;
}

// The documented "YYYY-MM-DD hh:mm:ss" is Beijing time. A time that names its zone (RFC 3339)
// is unambiguous, so it is read as such rather than dropped; anything else is null.
std::optional<std::int64_t> resource_time(const boost::json::object& o, std::string_view key) {
  const auto text = json::get_string(o, key);
  if (!text) return std::nullopt;
  if (auto t = adapters::parse_local_datetime(*text, adapters::kBeijingUtcOffsetSeconds)) return t;
  return adapters::parse_rfc3339(*text);
}

}  // namespace

QuotaStatus map_status(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, QuotaStatus>, 8> kWords{{
      {"ACTIVE", QuotaStatus::kActive},
      {"EXPIRED", QuotaStatus::kExpired},
      {"EXHAUSTED", QuotaStatus::kExhausted},
      {"USED_UP", QuotaStatus::kExhausted},
      {"FROZEN", QuotaStatus::kFrozen},
      {"SUSPENDED", QuotaStatus::kFrozen},
      {"PENDING", QuotaStatus::kPending},
      {"REFUNDED", QuotaStatus::kRefunded},
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
    if (ch == '_' || ch == ' ' || ch == '.' || ch == '-') {
      if (!out.empty() && out.back() != '-') out.push_back('-');
    } else {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

adapters::QuotaRecord map_resource(const boost::json::object& o, std::string_view account) {
  adapters::QuotaRecord r;
  const std::string instance = json::get_string(o, "instanceId").value_or("");
  const std::string catalog = json::get_string(o, "resourceCatalogCode").value_or("");
  r.id = adapters::make_record_id(kProvider, account, catalog.empty() ? instance : instance + ":" + catalog);
  r.provider = std::string(kProvider);
  r.account = std::string(account);
  const std::string kind = kebab(catalog);
  r.kind = kind.empty() ? "aicontent-resource" : kind;
  const std::string package_name = json::get_string(o, "resourcePackageName").value_or("");
  const std::string catalog_name = json::get_string(o, "resourceCatalogName").value_or("");
  r.name = resource_name(package_name, catalog_name, catalog, instance);
  r.native_status = json::get_string(o, "resourceStatus").value_or("");
  r.status = map_status(r.native_status);
  r.unit = "count";
  r.total = json::get_int(o, "quantity");
  r.remaining = json::get_int(o, "remainQuantity");
  if (r.total && r.remaining && *r.remaining >= 0 && *r.remaining <= *r.total)
    r.used = *r.total - *r.remaining;
  r.starts_at = resource_time(o, "effectiveTime");
  r.expires_at = resource_time(o, "expireTime");
  if (!instance.empty()) r.details["instance_id"] = instance;
  if (auto v = json::get_string(o, "resourcePackageCode")) r.details["resource_package_code"] = *v;
  if (!package_name.empty()) r.details["resource_package_name"] = package_name;
  if (!catalog.empty()) r.details["resource_catalog_code"] = catalog;
  if (!catalog_name.empty()) r.details["resource_catalog_name"] = catalog_name;
  r.raw = o;
  adapters::finalize(r);
  return r;
}

PageInfo map_page(const boost::json::object& body, std::string_view account) {
  PageInfo page;
  page.total_count = json::get_int(body, "totalCount");
  page.next_token = json::get_string(body, "nextToken");
  page.page_size = json::get_int(body, "pageSize");
  if (const auto* list = json::get_array(body, "data")) {
    page.native_items = list->size();
    if (adapters::oversized_page(page.native_items)) return page;  // not mapped: the provider refuses it
    for (const auto& item : *list) {
      if (const auto* o = item.if_object()) page.records.push_back(map_resource(*o, account));
    }
  }
  return page;
}

}  // namespace qg::alibaba_aicontent
