#pragma once
// The clouds' answer envelopes (providers.md §2.6, §3.5, §4.5), for data and errors alike, also
// used for injected faults. Every answer carries a fresh request id. Pure.

#include <chrono>
#include <cstdint>
#include <string_view>

#include <boost/json/object.hpp>

#include "adapters/emulator/wire.hpp"

namespace qg::emulator {

// Tencent: always HTTP 200, {"Response":{...,"RequestId":"<lower-case uuid>"}}.
WireResponse tencent_data(boost::json::object response);
WireResponse tencent_error(std::string_view code, std::string_view message);

// Alibaba POP gateway errors: HTTP 4xx/5xx, {"RequestId","HostId","Code","Message","Recommend"}
// with an upper-case UUID, also in the x-acs-request-id header. `product` goes into the
// Recommend link ("ICE", "AiContent").
WireResponse pop_error(unsigned status, std::string_view code, std::string_view message, std::string_view host,
                       std::string_view product);
// Throttling.User with the x-ratelimit-user-api hint: Limit:<capacity>,Remain:0,
// TimeLeft:<ms until a request would be admitted>,Reset:<Unix seconds of that moment>.
WireResponse pop_throttled(unsigned status, std::size_t capacity, std::chrono::milliseconds retry_after,
                           std::int64_t now_unix, std::string_view host, std::string_view product);

// An Alibaba data answer: `body` must not hold the request id yet; it is added under
// `request_id_key` ("RequestId" for ICE, "requestId" for AIContent) and as x-acs-request-id.
WireResponse alibaba_data(boost::json::object body, std::string_view request_id_key);
// AIContent's application errors: {"success":false,"errCode","errMessage","httpStatusCode","requestId"}.
WireResponse aicontent_error(unsigned status, std::string_view code, std::string_view message);

}  // namespace qg::emulator
