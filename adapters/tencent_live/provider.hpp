#pragma once
// The tencent-live QuotaProvider: DescribeLivePackageInfo for every PackageType, every page.

#include <memory>

#include "adapters/common/provider.hpp"
#include "adapters/tencent_live/request.hpp"

namespace qg::tencent_live {

std::unique_ptr<adapters::QuotaProvider> make_provider(TencentLiveOptions options);

}  // namespace qg::tencent_live
