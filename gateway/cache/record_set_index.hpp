#pragma once
// The query path's view of one record set, built once per fetch (make_record_set): what the
// filters and sorts of GET /quotas read, in compact arrays. A distinct query then scans a few
// bytes per record instead of each record's strings and JSON objects, builds no sort value, and
// searches `q` in one lowercased text. Pure.
//
// Rows are the set's records in their order (by id). Text fields with few distinct values per
// account (provider, account, kind, unit) are dictionary codes; numbers are arrays with a
// presence bit; id and name are read from the records themselves (only sorts by them and ties
// need them).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/common/quota_record.hpp"

namespace qg::cache {

// The fields a query filters or sorts on. When adding enumerators here, also add them to
// field_named() and value_at() in record_set_index.cpp.
enum class Field : std::uint8_t {
  kId, kProvider, kAccount, kKind, kName, kStatus, kUnit,
  kTotal, kUsed, kRemaining, kUtilization, kStartsAt, kExpiresAt, kBurnRate, kProjectedExhaustion,
};

// "expires_at" → kExpiresAt; nullopt for a field no sort can name.
std::optional<Field> field_named(std::string_view name);

enum class FieldType : std::uint8_t { kText, kInteger, kReal };
FieldType type_of(Field field);

// One field's value at one row, without a copy: text points into the set (or a static name).
struct FieldValue {
  bool present = false;
  std::string_view text;
  std::int64_t integer = 0;
  double real = 0;
};

class RecordIndex {
 public:
  RecordIndex() = default;
  explicit RecordIndex(const adapters::RecordList& records);

  std::size_t rows() const { return rows_; }

  // A dictionary column: each distinct value once, and per row its code.
  struct Dictionary {
    std::vector<std::string> values;
    std::vector<std::uint32_t> codes;
    // Codes whose value is in `allowed` (every code when `allowed` is empty), as a mask.
    std::vector<bool> mask(const std::vector<std::string>& allowed) const;
  };
  const Dictionary& providers() const { return provider_; }
  const Dictionary& accounts() const { return account_; }
  const Dictionary& kinds() const { return kind_; }
  adapters::QuotaStatus status(std::size_t row) const { return static_cast<adapters::QuotaStatus>(status_[row]); }

  // The value of a filterable or sortable field; `records` is the list the index was built from.
  FieldValue value_at(const adapters::RecordList& records, std::size_t row, Field field) const;
  std::optional<std::int64_t> integer(std::size_t row, Field field) const;
  std::optional<double> real(std::size_t row, Field field) const;

  // Rows whose id or name contains `lowered` (already lowercased, non-empty), in row order.
  std::vector<std::uint32_t> rows_containing(std::string_view lowered) const;

  std::size_t bytes() const;  // memory held, roughly

 private:
  std::size_t rows_ = 0;
  Dictionary provider_, account_, kind_, unit_;
  std::vector<std::uint8_t> status_;
  // total, used, remaining, starts_at, expires_at, projected_exhaustion_at; utilization, burn rate
  std::vector<std::int64_t> integers_;  // 6 per row
  std::vector<double> reals_;           // 2 per row
  std::vector<std::uint8_t> present_;   // a bit per numeric field, in the order above
  // Per row: "<id>\0<name>\0", ASCII-lowercased as `q` is; starts_[row] is where the row begins
  // and id_sizes_[row] how long its id is.
  std::string lowered_;
  std::vector<std::uint32_t> starts_;
  std::vector<std::uint32_t> id_sizes_;
};

}  // namespace qg::cache
