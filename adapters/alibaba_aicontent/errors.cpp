#include "adapters/alibaba_aicontent/errors.hpp"

#include "adapters/common/alibaba_pop.hpp"
#include "adapters/common/json_util.hpp"

namespace qg::alibaba_aicontent {

namespace json = adapters::json;
using adapters::ErrorKind;

namespace {

// The official SDK reads only Code|code and misses errCode; both envelopes are read here.
adapters::UpstreamError from_body(const adapters::HttpResponse& response, const boost::json::object& body) {
  auto code = json::get_string(body, "Code");
  if (!code) code = json::get_string(body, "code");
  if (!code) code = json::get_string(body, "errCode");
  auto message = json::get_string(body, "Message");
  if (!message) message = json::get_string(body, "message");
  if (!message) message = json::get_string(body, "errMessage");
  auto request_id = json::get_string(body, "RequestId");
  if (!request_id) request_id = json::get_string(body, "requestId");
  adapters::HttpResponse effective = response;
  // An application error on HTTP 200 says its real status in the body.
  if (auto status = json::get_int(body, "httpStatusCode"); status && *status >= 400 && response.status < 400) {
    effective.status = static_cast<unsigned>(*status);
  }
  return adapters::alibaba::pop_error(effective, code.value_or(""), message.value_or(""), request_id.value_or(""));
}

}  // namespace

adapters::CallResult decode_response(const adapters::HttpResponse& response) {
  auto parsed = json::parse(response.body);
  const boost::json::object* body = parsed && parsed->is_object() ? &parsed->as_object() : nullptr;
  if (response.status < 200 || response.status >= 300) {
    if (!body) return adapters::alibaba::pop_error(response, "", "HTTP " + std::to_string(response.status) + " without a JSON body", "");
    return from_body(response, *body);
  }
  if (!body) {
    auto e = adapters::make_error(ErrorKind::kBadResponse, "response body is not complete JSON");
    e.http_status = static_cast<int>(response.status);
    e.request_id = std::string(response.header("x-acs-request-id"));
    return e;
  }
  if (json::get_bool(*body, "success") == false) return from_body(response, *body);
  return boost::json::value(*body);
}

}  // namespace qg::alibaba_aicontent
