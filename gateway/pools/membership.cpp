#include "gateway/pools/membership.hpp"

#include <limits>

#include "adapters/common/json_util.hpp"

namespace qg::pools {
namespace {

constexpr std::int64_t kUnknownTime = std::numeric_limits<std::int64_t>::max();

std::optional<DeductionRule> rule_of(const adapters::QuotaRecord& r) {
  const auto* info = adapters::find_provider(r.provider);
  if (info == nullptr) return std::nullopt;
  return deduction_rule(info->id);
}

}  // namespace

std::string PoolKey::id() const {
  return provider + ":" + account + ":" + (catalog_code.empty() ? kind : catalog_code) + ":" + unit;
}

bool needs_details(const adapters::QuotaRecord& record) {
  const auto rule = rule_of(record);
  return rule && rule->scope == PoolScope::kCatalogCode;
}

std::optional<PoolKey> pool_key(const adapters::QuotaRecord& r, const boost::json::object& details) {
  const auto rule = rule_of(r);
  if (!rule || rule->scope == PoolScope::kNotPooled) return std::nullopt;
  // An adapter that met a package type it does not know says "unknown": what it measures, and
  // so what it could be pooled with, is not known either.
  if (r.unit.empty() || r.unit == "unknown" || r.kind.empty()) return std::nullopt;
  PoolKey key{r.provider, r.account, r.kind, r.unit, {}, rule->order};
  if (rule->scope == PoolScope::kCatalogCode) {
    auto code = adapters::json::get_string(details, "resource_catalog_code");
    if (!code || code->empty()) return std::nullopt;
    key.catalog_code = std::move(*code);
  }
  return key;
}

std::optional<std::int64_t> drawable_remaining(const adapters::QuotaRecord& r) {
  using adapters::QuotaStatus;
  if (r.status != QuotaStatus::kActive && r.status != QuotaStatus::kPending && r.status != QuotaStatus::kUnknown)
    return std::nullopt;
  if (r.remaining) return *r.remaining;
  if (r.total && r.used) return *r.total - *r.used;
  return std::nullopt;
}

OrderKey order_key(const adapters::QuotaRecord& r, DeductionOrder order) {
  const std::int64_t expires = r.expires_at.value_or(kUnknownTime);
  const std::int64_t starts = r.starts_at.value_or(kUnknownTime);
  switch (order) {
    case DeductionOrder::kExpiryFirst: return {expires, starts};
    case DeductionOrder::kPurchaseOrder: return {starts, expires};
  }
  return {expires, starts};
}

}  // namespace qg::pools
