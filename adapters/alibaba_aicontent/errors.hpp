#pragma once
// AIContent answers (providers.md §3.6): the API gateway's POP envelope
// {"Code","Message","RequestId","HostId"} with HTTP 4xx/5xx, or the application envelope
// {"success":false,"errCode","errMessage","httpStatusCode","requestId"}, on 2xx too. The official
// SDK reads only Code|code and would miss errCode; both are read here. Pure.

#include "adapters/common/attempt.hpp"
#include "adapters/common/http_types.hpp"

namespace qg::alibaba_aicontent {

// The body object on success. Otherwise the classified error: code, message, request id (body,
// else the x-acs-request-id header), HTTP status (for an application error on HTTP 200, the
// error status its body states), and for throttling the x-ratelimit-* wait as retry_after.
adapters::CallResult decode_response(const adapters::HttpResponse& response);

}  // namespace qg::alibaba_aicontent
