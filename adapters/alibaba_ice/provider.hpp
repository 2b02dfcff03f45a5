#pragma once
// The alibaba-ice QuotaProvider: every page of GetAiRtcLicenseInfoList.

#include <memory>

#include "adapters/alibaba_ice/request.hpp"
#include "adapters/common/provider.hpp"

namespace qg::alibaba_ice {

std::unique_ptr<adapters::QuotaProvider> make_provider(IceOptions options);

}  // namespace qg::alibaba_ice
