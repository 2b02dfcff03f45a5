#pragma once
// Which packages a cloud deducts the same usage from, and in which order: one row per provider,
// the only place this is declared. Pure.

#include <string_view>

#include "adapters/common/provider_catalog.hpp"

namespace qg::pools {

// When adding enumerators here, also add them to to_string() and to openapi/openapi.yaml.
enum class DeductionOrder {
  kExpiryFirst,    // the package that expires first is drawn first
  kPurchaseOrder,  // the package bought first is drawn first
};

// What makes two records of a provider members of the same pool.
enum class PoolScope {
  kNotPooled,    // nothing is consumed from these records (see the table)
  kKindAndUnit,  // same provider, account, kind and unit
  kCatalogCode,  // same provider, account, unit and details.resource_catalog_code
};

struct DeductionRule {
  PoolScope scope;
  DeductionOrder order;
};

// Exhaustive over ProviderId: a new provider does not compile without its row.
DeductionRule deduction_rule(adapters::ProviderId provider);

std::string_view to_string(DeductionOrder order);  // "expiry_first", "purchase_order"

}  // namespace qg::pools
