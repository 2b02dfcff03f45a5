#include "adapters/alibaba_aicontent/errors.hpp"

#include "adapters/common/alibaba_pop.hpp"
#include "adapters/common/json_util.hpp"

namespace qg::alibaba_aicontent {

namespace alibaba = adapters::alibaba;

adapters::CallResult decode_response(const adapters::HttpResponse& response) {
  auto parsed = adapters::json::parse(response.body);
  if (!parsed) return alibaba::unreadable_body(response, parsed.error().message());
  if (!parsed->is_object()) return alibaba::unreadable_body(response, "not an object");
  const auto& body = parsed->as_object();
  const bool transport_ok = response.status >= 200 && response.status < 300;
  if (transport_ok && adapters::json::get_bool(body, "success") != false) return std::move(*parsed);

  const auto envelope = alibaba::read_envelope(body);
  unsigned status = response.status;
  // An application error on HTTP 200 states its real status in the body (500 for
  // Server.Internal.UnknownError); a 200 echo, or none, keeps the transport's.
  if (transport_ok && envelope.http_status_code && *envelope.http_status_code >= 400 &&
      *envelope.http_status_code <= 599) {
    status = static_cast<unsigned>(*envelope.http_status_code);
  }
  return alibaba::pop_error(response, envelope, status);
}

}  // namespace qg::alibaba_aicontent
