#pragma once
// AIContent answers: the POP envelope from the API gateway (Code/Message/RequestId), or the
// application envelope (success:false, errCode, errMessage, httpStatusCode) — on 2xx too.

#include "adapters/common/attempt.hpp"
#include "adapters/common/http_types.hpp"

namespace qg::alibaba_aicontent {

adapters::CallResult decode_response(const adapters::HttpResponse& response);

}  // namespace qg::alibaba_aicontent
