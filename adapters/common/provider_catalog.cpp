#include "adapters/common/provider_catalog.hpp"

#include <array>

namespace qg::adapters {
namespace {

// Tencent publishes 20 requests/s for DescribeLivePackageInfo; the Alibaba APIs publish no limit,
// so a conservative 10/s. Page sizes: Tencent documents 10..100; the others document none, so
// the bounds are what the services were seen to accept.
constexpr std::array<ProviderInfo, 3> kCatalog{{
    {ProviderId::kTencentLive, "tencent-live", 20, CredentialStyle::kTencent, false, 10, 100},
    {ProviderId::kAlibabaIce, "alibaba-ice", 10, CredentialStyle::kAlibaba, true, 1, 1000},
    {ProviderId::kAlibabaAicontent, "alibaba-aicontent", 10, CredentialStyle::kAlibaba, false, 1, 1000},
}};

}  // namespace

std::span<const ProviderInfo> provider_catalog() { return kCatalog; }

const ProviderInfo* find_provider(std::string_view name) {
  for (const auto& p : kCatalog) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const ProviderInfo& provider_info(ProviderId id) {
  for (const auto& p : kCatalog) {
    if (p.id == id) return p;
  }
  return kCatalog.front();
}

std::string provider_names() {
  std::string out;
  for (const auto& p : kCatalog) {
    if (!out.empty()) out += ", ";
    out += p.name;
  }
  return out;
}

}  // namespace qg::adapters
