#include "adapters/alibaba_ice/errors.hpp"

#include "adapters/common/alibaba_pop.hpp"
#include "adapters/common/json_util.hpp"

namespace qg::alibaba_ice {

namespace json = adapters::json;
using adapters::ErrorKind;

adapters::CallResult decode_response(const adapters::HttpResponse& response) {
  auto parsed = json::parse(response.body);
  const boost::json::object* body = parsed && parsed->is_object() ? &parsed->as_object() : nullptr;
  if (response.status < 200 || response.status >= 300) {
    if (!body) return adapters::alibaba::pop_error(response, "", "HTTP " + std::to_string(response.status) + " without a JSON body", "");
    return adapters::alibaba::pop_error(response, json::get_string(*body, "Code").value_or(""),
                                        json::get_string(*body, "Message").value_or(""),
                                        json::get_string(*body, "RequestId").value_or(""));
  }
  if (!body) {
    auto e = adapters::make_error(ErrorKind::kBadResponse, "response body is not complete JSON");
    e.http_status = static_cast<int>(response.status);
    e.request_id = std::string(response.header("x-acs-request-id"));
    return e;
  }
  // A business failure can come with HTTP 200: Success is the truth.
  if (json::get_bool(*body, "Success") == false) {
    return adapters::alibaba::pop_error(response, json::get_string(*body, "Code").value_or("UnknownError"),
                                        json::get_string(*body, "Message").value_or(""),
                                        json::get_string(*body, "RequestId").value_or(""));
  }
  return boost::json::value(*body);
}

}  // namespace qg::alibaba_ice
