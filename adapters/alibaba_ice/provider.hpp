#pragma once
// The alibaba-ice QuotaProvider: every license batch of GetAiRtcLicenseInfoList. Page 1 first;
// once its TotalCount is known, pages 2..N concurrently (without TotalCount, page by page while
// pages come back full). Any page's failure fails the whole fetch.

#include <memory>

#include "adapters/alibaba_ice/request.hpp"
#include "adapters/common/provider.hpp"

namespace qg::alibaba_ice {

std::unique_ptr<adapters::QuotaProvider> make_provider(IceOptions options);

}  // namespace qg::alibaba_ice
