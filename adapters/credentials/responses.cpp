#include "adapters/credentials/responses.hpp"
#include "adapters/common/text.hpp"

#include <array>
#include <cctype>
#include <optional>

#include <boost/json/object.hpp>

#include "adapters/common/alibaba_pop.hpp"
#include "adapters/common/json_util.hpp"
#include "adapters/common/time.hpp"

namespace qg::credentials {
namespace {

namespace json = adapters::json;
using adapters::ErrorKind;
using adapters::HttpResponse;
using adapters::UpstreamError;

UpstreamError fail(ErrorKind kind, std::string message, const HttpResponse& response) {
  auto e = adapters::make_error(kind, std::move(message));
  e.http_status = static_cast<int>(response.status);
  return e;
}

// A metadata answer other than 200. 404 is how both services say "no such role here" (the role
// was never attached, or was detached since): no credential will come from asking again.
std::optional<UpstreamError> metadata_status(const HttpResponse& response, const std::string& what) {
  const unsigned s = response.status;
  if (s == 200) return std::nullopt;
  const ErrorKind kind = s == 404 || s == 401 || s == 403 ? ErrorKind::kAuth
                         : s == 429                       ? ErrorKind::kThrottled
                         : s >= 500                       ? ErrorKind::kTransient
                                                          : ErrorKind::kBadResponse;
  std::string message = what + ": HTTP " + std::to_string(s);
  if (s == 404) message += " (no such role on this instance: none attached, or it was detached)";
  return fail(kind, std::move(message), response);
}

std::optional<boost::json::object> object_body(const HttpResponse& response) {
  auto v = json::parse(response.body);
  if (!v || !v->is_object()) return std::nullopt;
  return std::move(v->as_object());
}

// Reads the three parts and the expiry; the error names the first missing field.
struct Parts {
  std::string_view id, secret, token, expiration;  // JSON field names
};

boost::system::result<Credentials, std::string> read_parts(const boost::json::object& o, const Parts& names) {
  Credentials c;
  const std::array<std::pair<std::string_view, adapters::Secret*>, 3> fields{
      {{names.id, &c.id}, {names.secret, &c.secret}, {names.token, &c.token}}};
  for (const auto& [name, into] : fields) {
    auto v = json::get_string(o, name);
    if (!v || v->empty()) return "no " + std::string(name);
    *into = adapters::Secret(std::move(*v));
  }
  if (auto unix = json::get_int(o, "ExpiredTime")) {
    c.expires_at = *unix;  // Tencent's Unix-time twin of "Expiration": no parsing needed
  } else if (auto text = json::get_string(o, names.expiration)) {
    c.expires_at = adapters::parse_rfc3339(*text);
  }
  // Without an expiry a temporary credential could never be refreshed in time.
  if (!c.expires_at) return "no readable " + std::string(names.expiration);
  // Outside 1970..9999 an expiry is no time at all, and "expiry - now" would overflow (INT64_MIN
  // wrapped to "valid for ever").
  constexpr std::int64_t kYear9999 = 253'402'300'799;
  if (*c.expires_at < 0 || *c.expires_at > kYear9999) {
    return "an implausible expiry (" + std::to_string(*c.expires_at) + " is not a time in 1970..9999)";
  }
  return c;
}

// Metadata credentials: status, JSON, Code, parts.
CredentialsResult read_metadata_credentials(const HttpResponse& response, const std::string& what,
                                            const Parts& names, std::string source) {
  if (auto e = metadata_status(response, what)) return *e;
  const auto body = object_body(response);
  if (!body) return fail(ErrorKind::kBadResponse, what + ": not a JSON object", response);
  // The SDKs require Code == "Success"; anything else is the service refusing the role.
  if (auto code = json::get_string(*body, "Code"); code && *code != "Success") {
    auto e = fail(ErrorKind::kAuth, what + ": Code " + *code, response);
    e.code = *code;
    return e;
  }
  auto parts = read_parts(*body, names);
  if (!parts) return fail(ErrorKind::kBadResponse, what + ": " + parts.error(), response);
  parts->source = std::move(source);
  return std::move(*parts);
}

// An STS refusal that retrying cannot fix is "no usable credential" for our callers.
UpstreamError as_credential_error(UpstreamError e) {
  if (!e.retryable()) e.kind = ErrorKind::kAuth;
  return e;
}

}  // namespace

TextResult read_metadata_token(const HttpResponse& response) {
  if (auto e = metadata_status(response, "ECS metadata session token")) return *e;
  const auto token = adapters::trim_space(response.body);
  if (token.empty()) return fail(ErrorKind::kBadResponse, "ECS metadata session token: empty body", response);
  return std::string(token);
}

TextResult read_role_name(const HttpResponse& response, std::string_view service) {
  const std::string what = std::string(service) + " role listing";
  if (auto e = metadata_status(response, what)) return *e;
  auto body = adapters::trim_space(response.body);
  const auto role = adapters::trim_space(body.substr(0, body.find('\n')));
  if (role.empty()) return fail(ErrorKind::kAuth, what + ": no role attached to this instance", response);
  return std::string(role);
}

CredentialsResult read_ecs_role_credentials(const HttpResponse& response, std::string_view role) {
  return read_metadata_credentials(response, "ECS metadata credentials of RAM role " + std::string(role),
                                   {"AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"},
                                   "ecs-ram-role:" + std::string(role));
}

CredentialsResult read_cvm_role_credentials(const HttpResponse& response, std::string_view role) {
  return read_metadata_credentials(response, "CVM metadata credentials of CAM role " + std::string(role),
                                   {"TmpSecretId", "TmpSecretKey", "Token", "Expiration"},
                                   "cvm-role:" + std::string(role));
}

CredentialsResult read_assume_role_with_oidc(const HttpResponse& response) {
  namespace alibaba = adapters::alibaba;
  const auto body = object_body(response);
  if (!body) return as_credential_error(alibaba::unreadable_body(response, "STS AssumeRoleWithOIDC"));
  if (response.status < 200 || response.status >= 300) {
    return as_credential_error(alibaba::pop_error(response, alibaba::read_envelope(*body), response.status));
  }
  const auto* creds = json::get_object(*body, "Credentials");
  if (!creds) return fail(ErrorKind::kBadResponse, "STS AssumeRoleWithOIDC: no Credentials", response);
  auto parts = read_parts(*creds, {"AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"});
  if (!parts) return fail(ErrorKind::kBadResponse, "STS AssumeRoleWithOIDC: " + parts.error(), response);
  parts->source = "rrsa";
  return std::move(*parts);
}

adapters::ErrorKind classify_tencent_sts_code(std::string_view code) {
  auto family = [code](std::string_view f) {
    return code == f || (code.starts_with(f) && code.size() > f.size() && code[f.size()] == '.');
  };
  if (code.starts_with("RequestLimitExceeded")) return ErrorKind::kThrottled;
  if (family("InternalError") || family("ServiceUnavailable") || family("ResourceUnavailable")) {
    return ErrorKind::kTransient;
  }
  // AuthFailure.*, InvalidParameter* (an expired or foreign web identity token), a role that does
  // not trust the provider, UnauthorizedOperation: the same token will be refused again.
  return ErrorKind::kAuth;
}

CredentialsResult read_assume_role_with_web_identity(const HttpResponse& response) {
  constexpr std::string_view what = "STS AssumeRoleWithWebIdentity";
  if (response.status != 200) {  // API errors come as HTTP 200; other statuses are proxies and outages
    const auto kind = response.status >= 500   ? ErrorKind::kTransient
                      : response.status == 429 ? ErrorKind::kThrottled
                                               : ErrorKind::kAuth;
    return fail(kind, std::string(what) + ": HTTP " + std::to_string(response.status), response);
  }
  const auto body = object_body(response);
  const auto* r = body ? json::get_object(*body, "Response") : nullptr;
  if (!r) return fail(ErrorKind::kBadResponse, std::string(what) + ": no Response object", response);
  if (const auto* err = json::get_object(*r, "Error")) {
    auto e = fail(ErrorKind::kAuth, json::get_string(*err, "Message").value_or(""), response);
    e.code = json::get_string(*err, "Code").value_or("");
    e.kind = classify_tencent_sts_code(e.code);
    e.request_id = json::get_string(*r, "RequestId").value_or("");
    return e;
  }
  const auto* creds = json::get_object(*r, "Credentials");
  if (!creds) return fail(ErrorKind::kBadResponse, std::string(what) + ": no Credentials", response);
  boost::json::object merged = *creds;  // the expiry sits beside Credentials, not inside
  for (const auto key : {"ExpiredTime", "Expiration"}) {
    if (const auto* v = json::find(*r, key)) merged[key] = *v;
  }
  auto parts = read_parts(merged, {"TmpSecretId", "TmpSecretKey", "Token", "Expiration"});
  if (!parts) return fail(ErrorKind::kBadResponse, std::string(what) + ": " + parts.error(), response);
  parts->source = "tke-oidc";
  return std::move(*parts);
}

}  // namespace qg::credentials
