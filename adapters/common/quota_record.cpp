#include "adapters/common/quota_record.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <boost/json/serialize.hpp>

#include "adapters/common/signing/crypto.hpp"
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
  o.reserve(include_raw ? 21 : 20);
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
  o["burn_rate_per_day"] = r.burn_rate_per_day ? boost::json::value(*r.burn_rate_per_day) : boost::json::value(nullptr);
  o["projected_exhaustion_at"] = optional_time(r.projected_exhaustion_at);
  o["details"] = r.details;
  if (include_raw) o["raw"] = r.raw;
  return o;
}

std::optional<QuotaRecord> record_from_json(const boost::json::object& o) {
  auto str = [&](std::string_view k) -> std::optional<std::string> {
    const auto* v = o.if_contains(k);
    return v && v->is_string() ? std::optional<std::string>(std::string(v->as_string())) : std::nullopt;
  };
  auto num = [&](std::string_view k) -> std::optional<std::int64_t> {
    const auto* v = o.if_contains(k);
    if (v && v->is_int64()) return v->as_int64();
    if (v && v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
    return std::nullopt;
  };
  auto time = [&](std::string_view k) -> std::optional<std::int64_t> {
    auto s = str(k);
    return s ? parse_rfc3339(*s) : std::nullopt;
  };
  QuotaRecord r;
  auto id = str("id");
  auto status = str("status");
  if (!id || !status) return std::nullopt;
  r.id = *id;
  r.provider = str("provider").value_or("");
  r.account = str("account").value_or("");
  r.kind = str("kind").value_or("");
  r.name = str("name").value_or("");
  r.status = parse_quota_status(*status).value_or(QuotaStatus::kUnknown);
  r.native_status = str("native_status").value_or("");
  r.unit = str("unit").value_or("");
  r.total = num("total");
  r.used = num("used");
  r.remaining = num("remaining");
  r.starts_at = time("starts_at");
  r.expires_at = time("expires_at");
  if (const auto* v = o.if_contains("auto_renew"); v && v->is_bool()) r.auto_renew = v->as_bool();
  if (const auto* v = o.if_contains("burn_rate_per_day"); v && v->is_number()) r.burn_rate_per_day = v->to_number<double>();
  r.projected_exhaustion_at = time("projected_exhaustion_at");
  if (const auto* v = o.if_contains("details"); v && v->is_object()) r.details = v->as_object();
  if (const auto* v = o.if_contains("raw"); v && v->is_object()) r.raw = v->as_object();
  finalize(r);
  return r;
}

namespace {

bool escaped_in_json(char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; }

// A native id as it may stand in a record id (see make_record_id).
std::string bounded_native_id(std::string_view native_id) {
  if (native_id.size() <= 96 && std::none_of(native_id.begin(), native_id.end(), escaped_in_json)) {
    return std::string(native_id);
  }
  std::size_t keep = 0;
  while (keep < native_id.size() && keep < 48 && !escaped_in_json(native_id[keep])) ++keep;
  while (keep > 0 && keep < native_id.size() && (static_cast<unsigned char>(native_id[keep]) & 0xC0) == 0x80) --keep;
  return std::string(native_id.substr(0, keep)) + "~" + signing::sha256_hex(native_id).substr(0, 16);
}

}  // namespace

std::string make_record_id(std::string_view provider, std::string_view account, std::string_view raw_native_id) {
  const std::string native_id = bounded_native_id(raw_native_id);
  std::string id;
  id.reserve(provider.size() + account.size() + native_id.size() + 2);
  id.append(provider).append(":").append(account).append(":").append(native_id);
  return id;
}

void keep_ids_unique(RecordList& records) {
  std::unordered_set<std::string> native_ids;  // every id as it came: a suffix never lands on one
  for (const auto& r : records) native_ids.insert(r.id);
  std::unordered_set<std::string> seen_objects;           // id + '\0' + raw object, as serialized
  std::unordered_map<std::string, std::size_t> next_suffix;  // per native id seen once already
  RecordList out;
  out.reserve(records.size());
  for (auto& record : records) {
    if (!seen_objects.insert(record.id + '\0' + boost::json::serialize(record.raw)).second) continue;
    auto [at, first] = next_suffix.try_emplace(record.id, 2);
    if (!first) {
      std::string id;
      do {
        id = record.id + "#" + std::to_string(at->second++);
      } while (native_ids.count(id) != 0);
      record.id = std::move(id);
    }
    out.push_back(std::move(record));
  }
  records = std::move(out);
}

}  // namespace qg::adapters
