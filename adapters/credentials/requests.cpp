#include "adapters/credentials/requests.hpp"

#include <string>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "adapters/common/signing/acs3.hpp"
#include "adapters/common/time.hpp"

namespace qg::credentials {
namespace {

constexpr std::string_view kEcsCredentialsPath = "/latest/meta-data/ram/security-credentials/";
constexpr std::string_view kCvmCredentialsPath = "/latest/meta-data/cam/security-credentials/";

adapters::Endpoint endpoint(bool tls, std::string host) {
  adapters::Endpoint ep;
  ep.tls = tls;
  ep.host = std::move(host);
  ep.port = tls ? 443 : 80;
  return ep;
}

adapters::HttpRequest get(std::string target) {
  adapters::HttpRequest req;
  req.method = "GET";
  req.target = std::move(target);
  return req;
}

// Form and query encoding alike: RFC 3986, so '+', '/' and '=' in a JWT survive the trip.
std::string form(const signing::NameValues& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (value.empty()) continue;  // optional fields (Policy) are left out, not sent empty
    if (!out.empty()) out += '&';
    out += signing::rfc3986_encode(name) + "=" + signing::rfc3986_encode(value);
  }
  return out;
}

}  // namespace

adapters::Endpoint ecs_metadata_endpoint() {
  return endpoint(false, "100.100.100.200");
}

adapters::Endpoint cvm_metadata_endpoint() {
  return endpoint(false, "metadata.tencentyun.com");
}

adapters::Endpoint alibaba_sts_endpoint(std::string_view region, bool vpc) {
  if (region.empty()) return endpoint(true, "sts.aliyuncs.com");
  return endpoint(true, std::string(vpc ? "sts-vpc." : "sts.") + std::string(region) + ".aliyuncs.com");
}

adapters::Endpoint tencent_sts_endpoint() {
  return endpoint(true, "sts.tencentcloudapi.com");
}

adapters::HttpRequest ecs_token_request(int ttl_seconds) {
  adapters::HttpRequest req;
  req.method = "PUT";
  req.target = "/latest/api/token";
  req.headers = {{"X-aliyun-ecs-metadata-token-ttl-seconds", std::to_string(ttl_seconds)}};
  return req;
}

adapters::HttpRequest ecs_role_list_request(std::string_view session_token) {
  return ecs_role_credentials_request("", session_token);
}

adapters::HttpRequest ecs_role_credentials_request(std::string_view role, std::string_view session_token) {
  auto req = get(std::string(kEcsCredentialsPath) + signing::rfc3986_encode(role));
  if (!session_token.empty())
    req.headers.emplace_back("X-aliyun-ecs-metadata-token", std::string(session_token));
  return req;
}

adapters::HttpRequest cvm_role_list_request() {
  return cvm_role_credentials_request("");
}

adapters::HttpRequest cvm_role_credentials_request(std::string_view role) {
  return get(std::string(kCvmCredentialsPath) + signing::rfc3986_encode(role));
}

std::string default_session_name(std::int64_t unix_now) {
  return "quota-gateway-" + std::to_string(unix_now);
}

adapters::HttpRequest assume_role_with_oidc_request(const RrsaSpec& spec, std::string_view oidc_token,
                                                    std::int64_t unix_now) {
  adapters::HttpRequest req;
  req.method = "POST";
  req.target = "/?" + form({{"Action", "AssumeRoleWithOIDC"},
                            {"Format", "JSON"},
                            {"Version", "2015-04-01"},
                            {"Timestamp", adapters::format_rfc3339_utc(unix_now)}});
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  req.body = form(
      {{"DurationSeconds", std::to_string(spec.duration_seconds)},
       {"OIDCProviderArn", spec.oidc_provider_arn},
       {"OIDCToken", std::string(oidc_token)},
       {"Policy", spec.policy},
       {"RoleArn", spec.role_arn},
       {"RoleSessionName", spec.session_name.empty() ? default_session_name(unix_now) : spec.session_name}});
  return req;
}

adapters::HttpRequest assume_role_with_web_identity_request(const TkeSpec& spec,
                                                            std::string_view web_identity_token,
                                                            std::int64_t unix_now) {
  boost::json::object body;
  body["ProviderId"] = spec.provider_id;
  body["WebIdentityToken"] = web_identity_token;
  body["RoleArn"] = spec.role_arn;
  body["RoleSessionName"] = spec.session_name.empty() ? default_session_name(unix_now) : spec.session_name;
  body["DurationSeconds"] = spec.duration_seconds;
  adapters::HttpRequest req;
  req.method = "POST";
  req.target = "/";
  req.headers = {{"Content-Type", "application/json"},
                 {"X-TC-Action", "AssumeRoleWithWebIdentity"},
                 {"X-TC-Version", "2018-08-13"},
                 {"X-TC-Timestamp", std::to_string(unix_now)},
                 // The documented way to call this API unsigned (there is no key yet to sign with).
                 {"Authorization", "SKIP"}};
  if (!spec.region.empty()) req.headers.emplace_back("X-TC-Region", spec.region);
  req.body = boost::json::serialize(body);
  return req;
}

}  // namespace qg::credentials
