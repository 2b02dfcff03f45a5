#include "adapters/common/alibaba_pop.hpp"
#include "adapters/common/text.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <initializer_list>

#include "adapters/common/json_util.hpp"
#include "adapters/common/time.hpp"

namespace qg::adapters::alibaba {
namespace {

enum class Match {
  kExact,   // the code itself
  kFamily,  // the code or any "code.<sub>" (InvalidAccessKeyId.NotFound)
  kPrefix,  // any code starting with it
  kInfix,   // any code containing it
};

struct CodeRule {
  std::string_view code;
  Match match;
  ErrorKind kind;
};

// POP codes (providers.md §2.6, §9.2), first match wins. Timestamp and nonce errors are not
// retryable: a new attempt signs with the same clock, so it would fail the same way.
// When adding a code here, add a case to the CodeTable tests.
constexpr std::array<CodeRule, 20> kCodeRules{{
    {"Throttling", Match::kPrefix, ErrorKind::kThrottled},  // Throttling, .User, .Api
    {"Rejected.Throttling", Match::kExact, ErrorKind::kThrottled},
    {"ServiceUnavailable", Match::kFamily, ErrorKind::kTransient},
    {"InternalError", Match::kFamily, ErrorKind::kTransient},
    {"Server.Internal.UnknownError", Match::kExact, ErrorKind::kTransient},  // AIContent's documented 500
    {"UNKNOWN_ERROR", Match::kExact, ErrorKind::kTransient},                 // AIContent's errCode spelling
    {"Arrear", Match::kInfix, ErrorKind::kAccountState},                     // Account.Arrearage, ...
    {"Account", Match::kFamily, ErrorKind::kAccountState},
    {"SignatureDoesNotMatch", Match::kExact, ErrorKind::kAuth},
    {"IncompleteSignature", Match::kExact, ErrorKind::kAuth},
    {"InvalidAccessKeyId", Match::kFamily, ErrorKind::kAuth},
    {"InvalidSecurityToken", Match::kFamily, ErrorKind::kAuth},  // an expired STS token
    {"Forbidden", Match::kFamily, ErrorKind::kAuth},             // Forbidden.RAM, ...
    {"NoPermission", Match::kExact, ErrorKind::kAuth},
    {"InvalidTimeStamp", Match::kFamily, ErrorKind::kAuth},  // .Expired, .Format: our clock or our date
    {"SignatureNonceUsed", Match::kExact, ErrorKind::kAuth},
    {"InvalidParameter", Match::kFamily, ErrorKind::kInvalidRequest},
    {"Missing", Match::kPrefix, ErrorKind::kInvalidRequest},  // MissingParameter, MissingSignatureNonce, ...
    {"InvalidAction", Match::kFamily, ErrorKind::kInvalidRequest},
    {"InvalidVersion", Match::kFamily, ErrorKind::kInvalidRequest},
}};

bool matches(const CodeRule& rule, std::string_view code) {
  switch (rule.match) {
    case Match::kExact:
      return code == rule.code;
    case Match::kFamily:
      return code == rule.code ||
             (code.starts_with(rule.code) && code.size() > rule.code.size() && code[rule.code.size()] == '.');
    case Match::kPrefix:
      return code.starts_with(rule.code);
    case Match::kInfix:
      return code.find(rule.code) != std::string_view::npos;
  }
  return false;
}

// TimeLeft of one "Limit:1,Remain:0,TimeLeft:2000,Reset:1234" value, in milliseconds.
std::optional<std::int64_t> time_left(std::string_view value) {
  while (!value.empty()) {
    const auto comma = value.find(',');
    const auto field = value.substr(0, comma);
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    const auto colon = field.find(':');
    if (colon == std::string_view::npos || !iequals(adapters::trim_space(field.substr(0, colon)), "TimeLeft")) continue;
    const auto digits = adapters::trim_space(field.substr(colon + 1));
    std::int64_t ms = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), ms);
    if (ec != std::errc() || end != digits.data() + digits.size() || ms < 0) return std::nullopt;
    return ms;
  }
  return std::nullopt;
}

// The first of `keys` present as a string (numbers rendered in decimal).
std::string first_string(const boost::json::object& o, std::initializer_list<std::string_view> keys) {
  for (const auto key : keys) {
    if (auto v = json::get_string(o, key)) return *v;
  }
  return {};
}

}  // namespace

std::string acs_date(std::int64_t unix_seconds) {
  return format_rfc3339_utc(unix_seconds);
}

Credentials signing_credentials(const AttemptContext& attempt, const Credentials& configured) {
  if (attempt.key == nullptr) return configured;
  return {attempt.key->id.reveal(), attempt.key->secret, attempt.key->token};
}

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
  const auto signature =
      signing::acs3_sign(to_sign, credentials.access_key_id, credentials.access_key_secret.reveal());

  HttpRequest req;
  req.method = std::string(call.method);
  req.target = signing::acs3_canonical_uri(call.path);
  const std::string query = signing::acs3_canonical_query(call.query);
  if (!query.empty()) req.target += "?" + query;
  req.headers = std::move(to_sign.headers);
  req.headers[0].first = "Host";
  req.headers.emplace_back("x-acs-content-sha256", signature.content_sha256);
  req.headers.emplace_back("accept", "application/json");  // not an x-acs-* header: not signed
  req.headers.emplace_back("Authorization", signature.authorization);
  return req;
}

ErrorKind classify_code(std::string_view code, unsigned status) {
  if (!code.empty()) {
    for (const auto& rule : kCodeRules) {
      if (matches(rule, code)) return rule.kind;
    }
  }
  if (status == 429) return ErrorKind::kThrottled;
  if (status >= 500) return ErrorKind::kTransient;
  if (status == 401 || status == 403) return ErrorKind::kAuth;
  return ErrorKind::kPermanent;
}

std::optional<std::chrono::milliseconds> throttle_hint(const HttpResponse& response) {
  std::optional<std::chrono::milliseconds> best;
  for (const std::string_view name : {"x-ratelimit-user-api", "x-ratelimit-user"}) {
    const auto ms = time_left(response.header(name));
    if (ms && (!best || std::chrono::milliseconds(*ms) > *best)) best = std::chrono::milliseconds(*ms);
  }
  return best;
}

PopEnvelope read_envelope(const boost::json::object& body) {
  PopEnvelope e;
  e.code = first_string(body, {"Code", "code", "errCode"});
  e.message = first_string(body, {"Message", "message", "errMessage"});
  e.request_id = first_string(body, {"RequestId", "requestId"});
  e.host_id = first_string(body, {"HostId", "hostId"});
  e.http_status_code = json::get_int(body, "httpStatusCode");
  if (!e.http_status_code) e.http_status_code = json::get_int(body, "HttpStatusCode");
  return e;
}

UpstreamError pop_error(const HttpResponse& response, const PopEnvelope& envelope, unsigned status) {
  UpstreamError e;
  e.code = envelope.code;
  e.kind = classify_code(envelope.code, status);
  e.message = envelope.message;
  if (e.message.empty()) {
    e.message = "HTTP " + std::to_string(status);
    if (!envelope.host_id.empty()) e.message += " from " + envelope.host_id;
  }
  e.request_id =
      envelope.request_id.empty() ? std::string(response.header("x-acs-request-id")) : envelope.request_id;
  e.http_status = static_cast<int>(status);
  if (e.kind == ErrorKind::kThrottled) e.retry_after = throttle_hint(response);
  return e;
}

UpstreamError unreadable_body(const HttpResponse& response, std::string_view why) {
  const bool ok = response.status >= 200 && response.status < 300;
  UpstreamError e;
  e.kind = ok ? ErrorKind::kBadResponse : classify_code("", response.status);
  e.message = (ok ? std::string("response body is not a complete JSON object")
                  : "HTTP " + std::to_string(response.status) + " with a body that is not a JSON object") +
              " (" + std::to_string(response.body.size()) + " bytes: " + std::string(why) + ")";
  e.request_id = std::string(response.header("x-acs-request-id"));
  e.http_status = static_cast<int>(response.status);
  if (e.kind == ErrorKind::kThrottled) e.retry_after = throttle_hint(response);
  return e;
}

}  // namespace qg::adapters::alibaba
