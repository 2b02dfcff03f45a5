#include "adapters/alibaba_ice/errors.hpp"

#include "adapters/common/alibaba_pop.hpp"
#include "adapters/common/json_util.hpp"

namespace qg::alibaba_ice {

namespace alibaba = adapters::alibaba;

adapters::CallResult decode_response(const adapters::HttpResponse& response) {
  auto parsed = adapters::json::parse(response.body);
  if (!parsed) return alibaba::unreadable_body(response, parsed.error().message());
  if (!parsed->is_object()) return alibaba::unreadable_body(response, "not an object");
  const auto& body = parsed->as_object();
  if (response.status < 200 || response.status >= 300) {
    return alibaba::pop_error(response, alibaba::read_envelope(body), response.status);
  }
  // A business failure comes with HTTP 200: Success is the truth. The body's HttpStatusCode is
  // informational (the doc sample shows 0), so the transport status is kept.
  if (adapters::json::get_bool(body, "Success") == false) {
    auto envelope = alibaba::read_envelope(body);
    if (envelope.code.empty()) envelope.code = "UnknownError";
    return alibaba::pop_error(response, envelope, response.status);
  }
  return std::move(*parsed);
}

}  // namespace qg::alibaba_ice
