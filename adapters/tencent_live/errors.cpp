#include "adapters/tencent_live/errors.hpp"

#include "adapters/common/json_util.hpp"

namespace qg::tencent_live {

using adapters::ErrorKind;

ErrorKind classify_code(std::string_view code) {
  auto is = [&](std::string_view prefix) { return code == prefix || code.starts_with(std::string(prefix) + "."); };
  // RequestLimitExceeded and its .UinLimitExceeded / .IPLimitExceeded / .GlobalRegionUinLimitExceeded.
  if (is("RequestLimitExceeded")) return ErrorKind::kThrottled;
  if (is("InternalError") || is("ServiceUnavailable") || is("ResourceUnavailable")) return ErrorKind::kTransient;
  if (is("AuthFailure") || is("UnauthorizedOperation")) return ErrorKind::kAuth;
  if (is("InvalidParameter") || is("InvalidParameterValue") || is("MissingParameter") || is("UnknownParameter") ||
      is("InvalidAction") || is("NoSuchVersion") || is("InvalidRequest") || is("UnsupportedOperation") ||
      is("UnsupportedRegion") || is("UnsupportedProtocol") || is("RequestSizeLimitExceeded")) {
    return ErrorKind::kInvalidRequest;
  }
  // ResourceNotFound.ForbidService / FreezeService / StopService / UserDisableService: the
  // account itself cannot be used until someone acts (recharge, unfreeze).
  if (code.starts_with("ResourceNotFound.") && code.ends_with("Service")) return ErrorKind::kAccountState;
  if (is("IpInBlacklist") || is("IpNotInWhitelist")) return ErrorKind::kAuth;
  return ErrorKind::kPermanent;
}

adapters::CallResult decode_response(const adapters::HttpResponse& response) {
  if (response.status != 200) {
    // API 3.0 answers 200 even for errors; anything else came from a proxy or load balancer.
    auto e = adapters::make_error(response.status >= 500 ? ErrorKind::kTransient
                                  : response.status == 429 ? ErrorKind::kThrottled
                                                           : ErrorKind::kPermanent,
                                  "unexpected HTTP status " + std::to_string(response.status));
    e.http_status = static_cast<int>(response.status);
    return e;
  }
  auto parsed = adapters::json::parse(response.body);
  if (!parsed || !parsed->is_object()) {
    auto e = adapters::make_error(ErrorKind::kBadResponse, "response body is not complete JSON");
    e.http_status = 200;
    return e;
  }
  const auto* envelope = adapters::json::get_object(parsed->as_object(), "Response");
  if (envelope == nullptr) {
    auto e = adapters::make_error(ErrorKind::kBadResponse, "response has no \"Response\" object");
    e.http_status = 200;
    return e;
  }
  if (const auto* error = adapters::json::get_object(*envelope, "Error")) {
    adapters::UpstreamError e;
    // An error envelope with an empty Code or Message still has to tell the operator something.
    e.code = adapters::json::get_string(*error, "Code").value_or("");
    if (e.code.empty()) e.code = "UnknownError";
    e.kind = classify_code(e.code);
    e.message = adapters::json::get_string(*error, "Message").value_or("");
    if (e.message.empty()) e.message = "Tencent Cloud returned error " + e.code + " without a message";
    e.request_id = adapters::json::get_string(*envelope, "RequestId").value_or("");
    e.http_status = 200;
    return e;
  }
  return boost::json::value(*envelope);
}

}  // namespace qg::tencent_live
