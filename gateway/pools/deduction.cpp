#include "gateway/pools/deduction.hpp"

namespace qg::pools {

DeductionRule deduction_rule(adapters::ProviderId provider) {
  switch (provider) {
    case adapters::ProviderId::kTencentLive:
      // DescribeLivePackageInfo (shared providers.md, seed 002) lists packages and lets a caller
      // sort them by buy or expiry time, but states no deduction rule. Tencent Cloud's resource
      // package pages for its other media services do ("You can buy multiple resource packs. The
      // one that expires first will be used first": MPS, tencentcloud.com/document/product/1041/48810;
      // CLB, /document/product/214/65281), and expiry first is the default the issue asks for.
      return {PoolScope::kKindAndUnit, DeductionOrder::kExpiryFirst};
    case adapters::ProviderId::kAlibabaIce:
      // GetAiRtcLicenseInfoList (seed 000) returns license batches: LicenseCount is how many
      // conversations may run at once and AvailableCapacity how many are free right now. A
      // license is held during a call and given back after it; nothing is used up, so nothing
      // can run dry or expire unused in the sense of a pool. The batches stay in /quotas only.
      return {PoolScope::kNotPooled, DeductionOrder::kExpiryFirst};
    case adapters::ProviderId::kAlibabaAicontent:
      // QueryPaidResource (seed 001) reports, per resource catalog code of a package, quantity,
      // remainQuantity, effectiveTime and expireTime; usage of a catalog item is deducted from
      // the packages holding that code. The page states no order among them: expiry first, the
      // issue's default.
      return {PoolScope::kCatalogCode, DeductionOrder::kExpiryFirst};
  }
  return {PoolScope::kNotPooled, DeductionOrder::kExpiryFirst};
}

std::string_view to_string(DeductionOrder order) {
  switch (order) {
    case DeductionOrder::kExpiryFirst: return "expiry_first";
    case DeductionOrder::kPurchaseOrder: return "purchase_order";
  }
  return "expiry_first";
}

}  // namespace qg::pools
