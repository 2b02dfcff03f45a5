#pragma once
// The alibaba-aicontent QuotaProvider: every paid resource, following the cursor, falling back
// to index paging when the service gives no cursor but says there is more.

#include <memory>

#include "adapters/alibaba_aicontent/request.hpp"
#include "adapters/common/provider.hpp"

namespace qg::alibaba_aicontent {

std::unique_ptr<adapters::QuotaProvider> make_provider(AicontentOptions options);

}  // namespace qg::alibaba_aicontent
