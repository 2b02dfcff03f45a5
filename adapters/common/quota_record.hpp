#pragma once
// The normalized record (design.md §2): one purchased package, license batch or quota.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

namespace qg::adapters {

// When adding enumerators here, also add them to kStatusNames in quota_record.cpp and to the
// `status` enum of openapi/openapi.yaml.
enum class QuotaStatus { kActive, kExhausted, kExpired, kFrozen, kPending, kRefunded, kUnknown };

std::string_view to_string(QuotaStatus status);
std::optional<QuotaStatus> parse_quota_status(std::string_view text);
const std::vector<std::string_view>& all_quota_status_names();

struct QuotaRecord {
  std::string id;        // "{provider}:{account}:{native id}", stable and unique
  std::string provider;  // "tencent-live", "alibaba-ice", "alibaba-aicontent"
  std::string account;   // the account name from the configuration
  std::string kind;
  std::string name;
  QuotaStatus status = QuotaStatus::kUnknown;
  std::string native_status;  // the provider's own value, verbatim
  std::string unit;
  std::optional<std::int64_t> total;
  std::optional<std::int64_t> used;
  std::optional<std::int64_t> remaining;
  std::optional<double> utilization;     // used / total in [0, 1]; derived by finalize()
  std::optional<std::int64_t> starts_at;   // Unix seconds, UTC
  std::optional<std::int64_t> expires_at;  // Unix seconds, UTC
  std::optional<bool> auto_renew;
  // The forecast from the package's usage history (gateway/history), when there is one: in
  // `unit` per day, and when `remaining` reaches 0 at that rate (Unix seconds, UTC).
  std::optional<double> burn_rate_per_day;
  std::optional<std::int64_t> projected_exhaustion_at;
  boost::json::object details;  // provider-specific facts, snake_case keys
  boost::json::object raw;      // the provider's object verbatim (served with include=raw)
};

// Fills the derived fields (utilization) once the adapter has set the native ones.
void finalize(QuotaRecord& record);

// The record as the API serves it; `raw` only when include_raw.
boost::json::object to_json(const QuotaRecord& record, bool include_raw);
// The inverse of to_json(record, true), for records shared through Redis; nullopt when the
// object is not a record.
std::optional<QuotaRecord> record_from_json(const boost::json::object& o);

// "provider:account:native_id". A native id longer than 96 bytes, or with a byte that JSON must
// escape, becomes its first safe characters (at most 48 bytes), "~" and 16 hex digits of its
// SHA-256: ids stay short enough for page tokens and stable for the same native id.
std::string make_record_id(std::string_view provider, std::string_view account, std::string_view native_id);

using RecordList = std::vector<QuotaRecord>;

// Makes record ids unique within one fetch, in one pass (linear however many records share an
// id). Numbered pages fetched concurrently can see an item twice when items shift between
// requests: an exact repeat (same id, same raw object) is dropped. A different object under an
// id already seen is kept with "#2", "#3"... appended — skipping any suffixed id another record
// carries natively — so nothing is lost, ids are unique, and the same input gives the same ids.
void keep_ids_unique(RecordList& records);

}  // namespace qg::adapters
