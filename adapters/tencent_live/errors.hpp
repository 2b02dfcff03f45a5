#pragma once
// Tencent Cloud API 3.0 errors: HTTP 200 with {"Response":{"Error":{"Code","Message"},"RequestId"}}
// (providers.md §4.5), classified into the one taxonomy here and nowhere else.

#include <string_view>

#include "adapters/common/http_types.hpp"
#include "adapters/common/attempt.hpp"
#include "adapters/common/upstream_error.hpp"

namespace qg::tencent_live {

adapters::ErrorKind classify_code(std::string_view code);

// The "Response" object on success; the classified error otherwise (HTTP status, error
// envelope, unreadable body).
adapters::CallResult decode_response(const adapters::HttpResponse& response);

}  // namespace qg::tencent_live
