#include "adapters/common/quota_record.hpp"

#include <array>
#include <utility>

#include "adapters/common/time.hpp"

namespace qg::adapters {
namespace {

constexpr std::array<std::pair<QuotaStatus, std::string_view>, 7> kStatusNames{{
    {QuotaStatus::kActive, "active"},
    {QuotaStatus::kExhausted, "exhausted"},
    {QuotaStatus::kExpired, "expired"},
    {QuotaStatus::kFrozen, "frozen"},
    {QuotaStatus::kPending, "pending"},
    {QuotaStatus::kRefunded, "refunded"},
    {QuotaStatus::kUnknown, "unknown"},
}};

boost::json::value optional_int(const std::optional<std::int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

boost::json::value optional_time(const std::optional<std::int64_t>& v) {
  return v ? boost::json::value(format_rfc3339_utc(*v)) : boost::json::value(nullptr);
}

}  // namespace

std::string_view to_string(QuotaStatus status) {
  for (const auto& [value, name] : kStatusNames) {
    if (value == status) return name;
  }
  return "unknown";
}

std::optional<QuotaStatus> parse_quota_status(std::string_view text) {
  for (const auto& [value, name] : kStatusNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

const std::vector<std::string_view>& all_quota_status_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const auto& entry : kStatusNames) out.push_back(entry.second);
    return out;
  }();
  return names;
}

void finalize(QuotaRecord& record) {
  record.utilization.reset();
  if (record.total && record.used && *record.total > 0) {
    double ratio = static_cast<double>(*record.used) / static_cast<double>(*record.total);
    if (ratio < 0.0) ratio = 0.0;
    if (ratio > 1.0) ratio = 1.0;
    record.utilization = ratio;
  }
}

boost::json::object to_json(const QuotaRecord& r, bool include_raw) {
  boost::json::object o;
  o.reserve(include_raw ? 19 : 18);
  o["id"] = r.id;
  o["provider"] = r.provider;
  o["account"] = r.account;
  o["kind"] = r.kind;
  o["name"] = r.name;
  o["status"] = to_string(r.status);
  o["native_status"] = r.native_status;
  o["unit"] = r.unit;
  o["total"] = optional_int(r.total);
  o["used"] = optional_int(r.used);
  o["remaining"] = optional_int(r.remaining);
  o["utilization"] = r.utilization ? boost::json::value(*r.utilization) : boost::json::value(nullptr);
  o["starts_at"] = optional_time(r.starts_at);
  o["expires_at"] = optional_time(r.expires_at);
  o["auto_renew"] = r.auto_renew ? boost::json::value(*r.auto_renew) : boost::json::value(nullptr);
  o["details"] = r.details;
  if (include_raw) o["raw"] = r.raw;
  return o;
}

std::string make_record_id(std::string_view provider, std::string_view account, std::string_view native_id) {
  std::string id;
  id.reserve(provider.size() + account.size() + native_id.size() + 2);
  id.append(provider).append(":").append(account).append(":").append(native_id);
  return id;
}

}  // namespace qg::adapters
