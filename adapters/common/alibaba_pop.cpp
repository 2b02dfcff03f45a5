#include "adapters/common/alibaba_pop.hpp"

#include <charconv>

#include "adapters/common/time.hpp"

namespace qg::adapters::alibaba {

std::string acs_date(std::int64_t unix_seconds) { return format_rfc3339_utc(unix_seconds); }

HttpRequest build_request(const Endpoint& endpoint, const Credentials& credentials, const PopCall& call,
                          const AttemptContext& attempt) {
  signing::Acs3Request to_sign;
  to_sign.method = call.method;
  to_sign.path = call.path;
  to_sign.query = call.query;
  to_sign.headers = {
      {"host", endpoint.host_header()},
      {"x-acs-action", std::string(call.action)},
      {"x-acs-version", std::string(call.version)},
      {"x-acs-date", acs_date(attempt.unix_now)},
      {"x-acs-signature-nonce", attempt.nonce},
  };
  if (!credentials.security_token.empty()) {
    to_sign.headers.emplace_back("x-acs-security-token", credentials.security_token.reveal());
  }
  to_sign.body = "";
  const auto signature = signing::acs3_sign(to_sign, credentials.access_key_id, credentials.access_key_secret.reveal());

  HttpRequest req;
  req.method = std::string(call.method);
  req.target = signing::acs3_canonical_uri(call.path);
  const std::string query = signing::acs3_canonical_query(call.query);
  if (!query.empty()) req.target += "?" + query;
  req.headers = to_sign.headers;
  req.headers[0].first = "Host";
  req.headers.emplace_back("x-acs-content-sha256", signature.content_sha256);
  req.headers.emplace_back("accept", "application/json");
  req.headers.emplace_back("Authorization", signature.authorization);
  return req;
}

ErrorKind classify_code(std::string_view code, unsigned status) {
  auto is = [&](std::string_view prefix) { return code == prefix || code.starts_with(std::string(prefix) + "."); };
  if (is("Throttling") || code == "Rejected.Throttling" || code.starts_with("Throttling")) return ErrorKind::kThrottled;
  if (code == "ServiceUnavailable" || is("InternalError") || code == "Server.Internal.UnknownError" ||
      code == "UNKNOWN_ERROR") {
    return ErrorKind::kTransient;
  }
  if (code == "SignatureDoesNotMatch" || code == "IncompleteSignature" || is("InvalidAccessKeyId") ||
      is("Forbidden") || code == "NoPermission" || is("InvalidSecurityToken") || code == "SignatureNonceUsed" ||
      is("InvalidTimeStamp")) {
    return ErrorKind::kAuth;
  }
  if (is("InvalidParameter") || is("MissingParameter") || is("InvalidAction") || code == "InvalidVersion" ||
      code == "MissingSignatureNonce") {
    return ErrorKind::kInvalidRequest;
  }
  if (is("InvalidUser") || is("Account") || code.find("Arrear") != std::string_view::npos) return ErrorKind::kAccountState;
  if (code.empty()) {
    if (status == 429) return ErrorKind::kThrottled;
    if (status >= 500) return ErrorKind::kTransient;
  }
  if (status == 429) return ErrorKind::kThrottled;
  if (status >= 500) return ErrorKind::kTransient;
  return ErrorKind::kPermanent;
}

std::optional<std::chrono::milliseconds> throttle_hint(const HttpResponse& response) {
  std::optional<std::chrono::milliseconds> best;
  for (const char* name : {"x-ratelimit-user-api", "x-ratelimit-user"}) {
    const auto value = response.header(name);
    const auto at = value.find("TimeLeft:");
    if (at == std::string_view::npos) continue;
    const auto digits = value.substr(at + 9);
    std::int64_t ms = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), ms);
    if (ec != std::errc() || ptr == digits.data() || ms < 0) continue;
    if (!best || std::chrono::milliseconds(ms) > *best) best = std::chrono::milliseconds(ms);
  }
  return best;
}

UpstreamError pop_error(const HttpResponse& response, std::string_view code, std::string_view message,
                        std::string_view request_id) {
  UpstreamError e;
  e.code = std::string(code);
  e.kind = classify_code(code, response.status);
  e.message = message.empty() ? "HTTP " + std::to_string(response.status) : std::string(message);
  e.request_id = request_id.empty() ? std::string(response.header("x-acs-request-id")) : std::string(request_id);
  e.http_status = static_cast<int>(response.status);
  if (e.kind == ErrorKind::kThrottled) e.retry_after = throttle_hint(response);
  return e;
}

}  // namespace qg::adapters::alibaba
