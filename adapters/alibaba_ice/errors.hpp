#pragma once
// ICE answers: the POP envelope on 4xx/5xx, and {"Success":false,"Code",...} on HTTP 200.

#include "adapters/common/attempt.hpp"
#include "adapters/common/http_types.hpp"

namespace qg::alibaba_ice {

// The body object on success; the classified error otherwise.
adapters::CallResult decode_response(const adapters::HttpResponse& response);

}  // namespace qg::alibaba_ice
