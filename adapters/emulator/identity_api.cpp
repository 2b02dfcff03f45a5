#include "adapters/emulator/identity_api.hpp"

#include <algorithm>

#include <boost/json/serialize.hpp>

#include "adapters/common/time.hpp"
#include "adapters/emulator/envelopes.hpp"
#include "adapters/emulator/identity_sts.hpp"

namespace qg::emulator {
namespace {

using adapters::format_rfc3339_utc;

constexpr std::string_view kTokenPath = "/latest/api/token";
constexpr std::string_view kEcsPath = "/latest/meta-data/ram/security-credentials/";
constexpr std::string_view kCvmPath = "/latest/meta-data/cam/security-credentials/";
constexpr std::int64_t kMaxSessionTtl = 21600;

constexpr std::string_view kOidcAction = "AssumeRoleWithOIDC";

constexpr std::string_view kWebIdentityAction = "AssumeRoleWithWebIdentity";

// The metadata services answer in plain text, errors included.
WireResponse text(unsigned status, std::string body) {
  WireResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "text/plain");
  r.body = std::move(body);
  return r;
}

WireResponse metadata_not_found() {
  return text(404, "Not Found");
}

WireResponse method_not_allowed(std::string_view allow) {
  auto r = text(405, "Method Not Allowed");
  r.headers.emplace_back("Allow", std::string(allow));
  return r;
}

// "/latest/meta-data/ram/security-credentials" with or without the slash is the listing.
bool under(std::string_view path, std::string_view prefix) {
  return path.starts_with(prefix) || path == prefix.substr(0, prefix.size() - 1);
}

// The role segment as the client encoded it (rfc3986), one trailing '/' allowed.
std::optional<std::string> role_segment(std::string_view rest) {
  if (rest.ends_with('/')) rest.remove_suffix(1);
  if (rest.find('/') != std::string_view::npos || rest.find('+') != std::string_view::npos) {
    return std::nullopt;
  }
  const auto decoded = decode_query("r=" + std::string(rest));
  if (!decoded || decoded->empty()) return std::nullopt;
  return decoded->front().second;
}

boost::json::object ecs_json(const IssuedCredential& c) {
  return {{"AccessKeyId", c.id},
          {"AccessKeySecret", c.secret},
          {"Expiration", format_rfc3339_utc(c.expires_at)},
          {"SecurityToken", c.token},
          {"LastUpdated", format_rfc3339_utc(c.issued_at)},
          {"Code", "Success"}};
}

boost::json::object cvm_json(const IssuedCredential& c) {
  return {{"TmpSecretId", c.id},
          {"TmpSecretKey", c.secret},
          {"ExpiredTime", c.expires_at},
          {"Expiration", format_rfc3339_utc(c.expires_at)},
          {"Token", c.token},
          {"Code", "Success"}};
}

// .../security-credentials/ lists the attached role; .../<role> issues a credential for it.
WireResponse role_credentials(IdentityState& state, IdentitySource source, std::string_view rest,
                              std::int64_t now) {
  const auto role = state.role(cloud_of(source));
  if (rest.empty() || rest == "/") return role ? text(200, *role) : metadata_not_found();
  const auto name = role_segment(rest);
  if (!role || !name || *name != *role) return metadata_not_found();
  const auto c = state.issue(source, now, state.config().ttl_seconds);
  const auto body = source == IdentitySource::kEcsMetadata ? ecs_json(c) : cvm_json(c);
  return json_response(200, boost::json::serialize(body));
}

WireResponse ecs_open_session(IdentityState& state, const WireRequest& req, std::int64_t now) {
  if (req.method != "PUT") return method_not_allowed("PUT");
  const auto ttl = parse_int(req.header(kEcsSessionTtlHeader));
  if (!ttl || *ttl < 1 || *ttl > kMaxSessionTtl) {
    return text(400, "Bad Request: " + std::string(kEcsSessionTtlHeader) + " must be 1 to 21600");
  }
  auto r = text(200, state.open_session(now, *ttl));
  r.headers.emplace_back(std::string(kEcsSessionTtlHeader), std::to_string(*ttl));
  return r;
}

WireResponse ecs_metadata(IdentityState& state, const WireRequest& req, std::int64_t now) {
  if (req.path == kTokenPath) return ecs_open_session(state, req, now);
  if (req.method != "GET") return method_not_allowed("GET");
  // Hardened mode refuses a request without a session token; both modes refuse a wrong or
  // expired one (a client that sends one means to use it).
  const bool carries = req.has_header(kEcsSessionHeader);
  if ((carries || !state.config().imdsv1) && !state.session_valid(req.header(kEcsSessionHeader), now)) {
    return text(401, "Unauthorized");
  }
  const std::string_view path = req.path;
  return role_credentials(state, IdentitySource::kEcsMetadata,
                          path.substr(std::min(path.size(), kEcsPath.size())), now);
}

WireResponse cvm_metadata(IdentityState& state, const WireRequest& req, std::int64_t now) {
  if (req.method != "GET") return method_not_allowed("GET");
  const std::string_view path = req.path;
  return role_credentials(state, IdentitySource::kCvmMetadata,
                          path.substr(std::min(path.size(), kCvmPath.size())), now);
}

}  // namespace

std::optional<IdentitySource> identity_endpoint(const WireRequest& req) {
  if (req.path == kTokenPath || under(req.path, kEcsPath)) return IdentitySource::kEcsMetadata;
  if (under(req.path, kCvmPath)) return IdentitySource::kCvmMetadata;
  if (req.header("X-TC-Action") == kWebIdentityAction) return IdentitySource::kStsTencent;
  const auto acs_action = req.header("x-acs-action");
  if (acs_action == kOidcAction) return IdentitySource::kStsAlibaba;
  if (!acs_action.empty() || req.has_header("X-TC-Action")) return std::nullopt;
  const auto query = decode_query(req.query);
  const auto* action = query ? find_param(*query, "Action") : nullptr;
  if (action && *action == kOidcAction) return IdentitySource::kStsAlibaba;
  return std::nullopt;
}

WireResponse identity_serve(IdentityState& state, IdentitySource endpoint, const WireRequest& req,
                            std::int64_t now_unix) {
  state.count(endpoint);
  switch (endpoint) {
    case IdentitySource::kEcsMetadata:
      return ecs_metadata(state, req, now_unix);
    case IdentitySource::kCvmMetadata:
      return cvm_metadata(state, req, now_unix);
    case IdentitySource::kStsAlibaba:
      return assume_role_with_oidc(state, req, now_unix);
    case IdentitySource::kStsTencent:
      return assume_role_with_web_identity(state, req, now_unix);
  }
  return metadata_not_found();
}

std::string_view session_token(Cloud cloud, const WireRequest& req) {
  return req.header(cloud == Cloud::kTencent ? "X-TC-Token" : "x-acs-security-token");
}

WireResponse token_refusal(Cloud cloud, TokenStatus status, std::string_view host, std::string_view product) {
  if (cloud == Cloud::kTencent) {
    std::string_view why = "Token verification failed, please check if your Token is correct.";
    if (status == TokenStatus::kMissing) {
      why = "The SecretId is temporary: the request must carry its X-TC-Token.";
    }
    if (status == TokenStatus::kRevoked) why = "The token has been revoked.";
    if (status == TokenStatus::kExpired) why = "The token has expired.";
    return tencent_error("AuthFailure.TokenFailure", why);
  }
  const auto refuse = [&](std::string_view code, std::string_view message) {
    return pop_error(400, code, message, host, product);
  };
  switch (status) {
    case TokenStatus::kMissing:
      return refuse("MissingSecurityToken", "SecurityToken is mandatory for this action.");
    case TokenStatus::kRevoked:
      return refuse("InvalidAccessKeyId.Inactive", "Specified access key is disabled.");
    case TokenStatus::kExpired:
      return refuse("InvalidSecurityToken.Expired", "Specified SecurityToken is expired.");
    case TokenStatus::kMismatch:
    case TokenStatus::kValid:
      break;
  }
  return refuse("InvalidSecurityToken.MismatchWithAccessKey",
                "Specified SecurityToken mismatch with the AccessKey.");
}

}  // namespace qg::emulator
