#pragma once
// Which pool a record belongs to (deduction.hpp says by what), whether the cloud can still draw
// on it, and where it stands in the deduction order. Pure.

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "adapters/common/quota_record.hpp"
#include "gateway/pools/deduction.hpp"

namespace qg::pools {

struct PoolKey {
  std::string provider;
  std::string account;
  std::string kind;
  std::string unit;
  std::string catalog_code;  // PoolScope::kCatalogCode only
  DeductionOrder order = DeductionOrder::kExpiryFirst;

  // "{provider}:{account}:{kind or catalog code}:{unit}": stable, unique per pool.
  std::string id() const;
  bool operator==(const PoolKey&) const = default;
};

// nullopt: the record is in no pool (a provider whose records are not consumed, an unknown unit,
// an AIContent record without a catalog code). `details` is the record's details object: a
// compacted record (cache::RecordSet) keeps it apart, so the caller passes it; it is read only
// for providers pooled by catalog code (needs_details).
std::optional<PoolKey> pool_key(const adapters::QuotaRecord& record, const boost::json::object& details);
bool needs_details(const adapters::QuotaRecord& record);

// What the cloud can still deduct from the record: its remaining (or total - used) when it is
// active, pending or of unknown status. nullopt: nothing (spent, expired, frozen, refunded) or
// not known.
std::optional<std::int64_t> drawable_remaining(const adapters::QuotaRecord& record);

// Smaller first; ties are broken by id. Expiry first: expiry, then start; purchase order: start
// (the purchase time where the provider reports it), then expiry. Unknown times go last.
using OrderKey = std::array<std::int64_t, 2>;
OrderKey order_key(const adapters::QuotaRecord& record, DeductionOrder order);

}  // namespace qg::pools
