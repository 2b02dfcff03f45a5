#include "adapters/emulator/identity_sts.hpp"

#include <algorithm>
#include <functional>

#include "adapters/common/json_util.hpp"
#include "adapters/common/time.hpp"
#include "adapters/emulator/alibaba_gateway.hpp"
#include "adapters/emulator/envelopes.hpp"

namespace qg::emulator {
namespace {

namespace json = adapters::json;
using adapters::format_rfc3339_utc;

constexpr std::string_view kAlibabaStsVersion = "2015-04-01";
constexpr std::string_view kStsProduct = "Sts";
constexpr std::int64_t kOidcMinDuration = 900, kOidcMaxDuration = 43200, kOidcDefaultDuration = 3600;

constexpr std::string_view kTencentStsVersion = "2018-08-13";
constexpr std::int64_t kTkeMaxDuration = 43200, kTkeDefaultDuration = 7200;

// A stable 17-digit number for a role, the shape of the one AssumedRoleId carries.
std::string role_number(std::string_view role_arn) {
  return std::to_string(30'000'000'000'000'000ull +
                        std::hash<std::string_view>{}(role_arn) % 10'000'000'000'000'000ull);
}

WireResponse sts_error(const WireRequest& req, unsigned status, std::string_view code,
                       std::string_view message) {
  return pop_error(status, code, message, req.header("Host"), kStsProduct);
}

// The first refusal AssumeRoleWithOIDC's parameters earn, if any; `duration` gets DurationSeconds.
std::optional<WireResponse> oidc_refusal(const WireRequest& req, const Params& p, std::int64_t& duration) {
  const auto* version = find_param(p, "Version");
  const std::string_view v = version ? std::string_view(*version) : req.header("x-acs-version");
  if (v.empty()) return sts_error(req, 400, "MissingVersion", "Version is mandatory for this action.");
  if (v != kAlibabaStsVersion) {
    return sts_error(req, 400, "InvalidVersion", "Specified parameter Version is not valid.");
  }
  for (const std::string name : {"RoleArn", "OIDCProviderArn", "OIDCToken"}) {
    const auto* value = find_param(p, name);
    if (!value || value->empty()) {
      return sts_error(req, 400, "Missing" + name, name + " is mandatory for this action.");
    }
  }
  duration = kOidcDefaultDuration;
  if (const auto* text = find_param(p, "DurationSeconds")) {
    const auto n = parse_int(*text);
    if (!n || *n < kOidcMinDuration || *n > kOidcMaxDuration) {
      return sts_error(req, 400, "InvalidParameter.DurationSeconds",
                       "The Min/Max value of DurationSeconds is 15min/12hr.");
    }
    duration = *n;
  }
  return std::nullopt;
}

// A required non-empty string of the AssumeRoleWithWebIdentity body, or the refusal.
std::optional<WireResponse> tke_string(const boost::json::object& body, std::string_view name) {
  const auto* v = json::find(body, name);
  const std::string quoted = "`" + std::string(name) + "`";
  if (!v) {
    return tencent_error("MissingParameter", "The request is missing a required parameter " + quoted + ".");
  }
  if (!v->is_string()) {
    return tencent_error("InvalidParameter",
                         "The type of parameter " + quoted + " is invalid, expected String.");
  }
  if (!v->as_string().empty()) return std::nullopt;
  if (name == "WebIdentityToken") {
    return tencent_error("InvalidParameter.WebIdentityTokenError", "WebIdentityToken is empty.");
  }
  return tencent_error("InvalidParameter.ParamError", "The parameter " + quoted + " must not be empty.");
}

// DurationSeconds of the body (default 7200), or the refusal.
std::optional<WireResponse> tke_duration(const boost::json::object& body, std::int64_t& duration) {
  duration = kTkeDefaultDuration;
  const auto* v = json::find(body, "DurationSeconds");
  if (!v) return std::nullopt;
  const auto n = json::as_int(*v);
  if (!n) {
    return tencent_error("InvalidParameter", "The type of `DurationSeconds` is invalid, expected Integer.");
  }
  if (*n > kTkeMaxDuration) {
    return tencent_error("InvalidParameter.OverTimeError", "DurationSeconds exceeds 43200.");
  }
  if (*n < 1) return tencent_error("InvalidParameter.ParamError", "DurationSeconds must be positive.");
  duration = *n;
  return std::nullopt;
}

std::optional<WireResponse> tke_refusal(const WireRequest& req) {
  const auto version = req.header("X-TC-Version");
  if (version.empty()) {
    return tencent_error("MissingParameter", "The request is missing a required parameter `Version`.");
  }
  if (version != kTencentStsVersion) {
    return tencent_error("NoSuchVersion", "The version `" + std::string(version) + "` does not exist.");
  }
  if (req.method != "POST") {
    return tencent_error("UnsupportedProtocol", "AssumeRoleWithWebIdentity is POST only.");
  }
  // The emulator holds no key an STS caller could sign with; the documented unsigned form is it.
  if (req.header("Authorization") != "SKIP") {
    return tencent_error("AuthFailure.InvalidAuthorization",
                         "Send AssumeRoleWithWebIdentity with `Authorization: SKIP`.");
  }
  return std::nullopt;
}

}  // namespace

WireResponse assume_role_with_oidc(IdentityState& state, const WireRequest& req, std::int64_t now) {
  if (req.path != "/" || (req.method != "POST" && req.method != "GET")) {
    return sts_error(req, 404, "InvalidAction.NotFound",
                     "Specified api is not found, please check your url and method.");
  }
  const auto params = alibaba_params(req);
  if (!params) {
    return sts_error(req, 400, "InvalidParameter", "The request parameters are not correctly URL-encoded.");
  }
  std::int64_t duration = 0;
  if (auto refusal = oidc_refusal(req, *params, duration)) return std::move(*refusal);
  const std::string role_arn = *find_param(*params, "RoleArn");
  const auto* session_param = find_param(*params, "RoleSessionName");
  const std::string session = session_param && !session_param->empty() ? *session_param : "emulator-session";
  const auto c =
      state.issue(IdentitySource::kStsAlibaba, now, std::min(duration, state.config().ttl_seconds));
  boost::json::object body{
      {"Credentials", boost::json::object{{"AccessKeyId", c.id},
                                          {"AccessKeySecret", c.secret},
                                          {"SecurityToken", c.token},
                                          {"Expiration", format_rfc3339_utc(c.expires_at)}}},
      {"AssumedRoleUser", boost::json::object{{"Arn", role_arn + "/" + session},
                                              {"AssumedRoleId", role_number(role_arn) + ":" + session}}},
      // The OIDC token is accepted unread (any non-empty one), so no claims are reported back.
      {"OIDCTokenInfo", boost::json::object{{"VerificationInfo", "Success"}}}};
  return alibaba_data(std::move(body), "RequestId");
}

WireResponse assume_role_with_web_identity(IdentityState& state, const WireRequest& req, std::int64_t now) {
  if (auto refusal = tke_refusal(req)) return std::move(*refusal);
  const auto parsed = json::parse(req.body.empty() ? std::string_view("{}") : std::string_view(req.body));
  if (!parsed || !parsed->is_object()) {
    return tencent_error("InvalidParameter", "The body is not a JSON object.");
  }
  const auto& body = parsed->as_object();
  for (const auto name : {"ProviderId", "WebIdentityToken", "RoleArn", "RoleSessionName"}) {
    if (auto refusal = tke_string(body, name)) return std::move(*refusal);
  }
  std::int64_t duration = 0;
  if (auto refusal = tke_duration(body, duration)) return std::move(*refusal);
  const auto c =
      state.issue(IdentitySource::kStsTencent, now, std::min(duration, state.config().ttl_seconds));
  return tencent_data(
      {{"Credentials",
        boost::json::object{{"Token", c.token}, {"TmpSecretId", c.id}, {"TmpSecretKey", c.secret}}},
       {"ExpiredTime", c.expires_at},
       {"Expiration", format_rfc3339_utc(c.expires_at)}});
}

}  // namespace qg::emulator
