#pragma once
// ICE answers (providers.md §2.5-§2.6): the POP envelope {"Code","Message","RequestId","HostId"}
// with HTTP 4xx/5xx, and {"Success":false,"Code","Message"} as a business failure on HTTP 200.
// Classified with the shared Alibaba code table. Pure.

#include "adapters/common/attempt.hpp"
#include "adapters/common/http_types.hpp"

namespace qg::alibaba_ice {

// The body object on success. Otherwise the classified error: the provider's code, message and
// request id (body, else the x-acs-request-id header), the HTTP status, and for throttling the
// x-ratelimit-* wait as retry_after. A body that is not a JSON object is an error, never a crash.
adapters::CallResult decode_response(const adapters::HttpResponse& response);

}  // namespace qg::alibaba_ice
