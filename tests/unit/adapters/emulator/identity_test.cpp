// The identity endpoints on the wire: the four answers read by the gateway's own readers, their
// refusals, IMDSv2 session enforcement, detached and renamed roles, and the control endpoint.
// In injected time, without sockets.

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "adapters/emulator/router.hpp"
#include "tests/unit/adapters/emulator/identity_requests.hpp"

namespace qg::emulator {
namespace {

using namespace testing;
namespace json = boost::json;

std::string str(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : json::serialize(v);
}
using adapters::ErrorKind;

json::object body_of(const adapters::HttpResponse& r) {
  return json::parse(r.body).as_object();
}

adapters::HttpRequest ecs_get(std::string path, std::string token) {
  adapters::HttpRequest r;
  r.target = std::move(path);
  if (!token.empty()) r.headers.emplace_back("X-aliyun-ecs-metadata-token", std::move(token));
  return r;
}

TEST(IdentityEndpoints, EcsMetadataHandsOutWhatTheGatewayReads) {
  EmulatorCore core(identity_options());
  const auto token = send(core, credentials::ecs_token_request(21600), kNow);
  EXPECT_EQ(token.status, 200u);
  EXPECT_EQ(token.header("X-aliyun-ecs-metadata-token-ttl-seconds"), "21600");
  const auto listing = send(core, credentials::ecs_role_list_request(token.body), kNow);
  EXPECT_EQ(listing.body, kRole);
  const auto raw = send(core, credentials::ecs_role_credentials_request(kRole, token.body), kNow);
  const auto o = body_of(raw);
  EXPECT_EQ(str(o.at("Code")), "Success");
  EXPECT_EQ(str(o.at("Expiration")), adapters::format_rfc3339_utc(kNow + kTtl));
  EXPECT_EQ(str(o.at("LastUpdated")), adapters::format_rfc3339_utc(kNow));

  const auto c = fetch_ecs(core, kNow).value();
  EXPECT_TRUE(c.id.reveal().starts_with("STS."));
  EXPECT_FALSE(c.secret.reveal().empty());
  EXPECT_TRUE(c.token.reveal().starts_with("CAIS"));
  EXPECT_EQ(c.expires_at, kNow + kTtl);
  EXPECT_EQ(c.source, "ecs-ram-role:EmulatorInstanceRole");
  // Fresh on every call: the raw one above and the fetched one differ.
  EXPECT_NE(o.at("AccessKeyId").as_string(), c.id.reveal());
  const auto s = core.identity().stats();
  EXPECT_EQ(s.calls[0], 6u);  // two token PUTs, two listings, two credential GETs
  ASSERT_EQ(s.issued.size(), 2u);
  EXPECT_EQ(s.issued[1].source, IdentitySource::kEcsMetadata);
}

TEST(IdentityEndpoints, CvmMetadataIsTheCamPathAndNeedsNoSessionToken) {
  EmulatorCore core(identity_options());
  const auto raw = send(core, credentials::cvm_role_credentials_request(kRole), kNow);
  const auto o = body_of(raw);
  EXPECT_EQ(str(o.at("Code")), "Success");
  EXPECT_EQ(o.at("ExpiredTime").as_int64(), kNow + kTtl);
  EXPECT_EQ(str(o.at("Expiration")), adapters::format_rfc3339_utc(kNow + kTtl));
  for (const auto* key : {"TmpSecretId", "TmpSecretKey", "Token"}) EXPECT_TRUE(o.contains(key)) << key;
  const auto c = fetch_cvm(core, kNow).value();
  EXPECT_TRUE(c.id.reveal().starts_with("AKID"));
  EXPECT_EQ(c.source, "cvm-role:EmulatorInstanceRole");
  // The ECS (ram) path on the same port still wants its session token.
  EXPECT_EQ(send(core, credentials::ecs_role_list_request(""), kNow).status, 401u);
  EXPECT_EQ(core.identity().stats().calls[1], 3u);
}

TEST(IdentityEndpoints, AlibabaStsAssumeRoleWithOidc) {
  EmulatorCore core(identity_options());
  const auto req = credentials::assume_role_with_oidc_request(rrsa_spec(), "jwt", kNow);
  EXPECT_EQ(route(wire(req)).kind, RouteKind::kIdentity);
  const auto raw = send(core, req, kNow);
  EXPECT_EQ(raw.status, 200u);
  EXPECT_FALSE(raw.header("x-acs-request-id").empty());
  const auto o = body_of(raw);
  EXPECT_EQ(o.at("RequestId").as_string(), raw.header("x-acs-request-id"));
  EXPECT_EQ(str(o.at("AssumedRoleUser").at("Arn")), rrsa_spec().role_arn + "/qg-test");
  EXPECT_TRUE(o.at("AssumedRoleUser").at("AssumedRoleId").as_string().ends_with(":qg-test"));
  EXPECT_TRUE(o.contains("OIDCTokenInfo"));
  const auto c = fetch_rrsa(core, kNow).value();
  EXPECT_EQ(c.expires_at, kNow + kTtl);  // DurationSeconds 3600 asked, the TTL is shorter
  EXPECT_EQ(c.source, "rrsa");

  auto spec = rrsa_spec();
  spec.duration_seconds = 600;  // below STS's 15 minutes
  auto refused = send(core, credentials::assume_role_with_oidc_request(spec, "jwt", kNow), kNow);
  auto e = credentials::read_assume_role_with_oidc(refused);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, "InvalidParameter.DurationSeconds");
  EXPECT_EQ(e.error().kind, ErrorKind::kAuth);
  EXPECT_EQ(str(body_of(refused).at("HostId")), "127.0.0.1:9000");  // the POP envelope
  e = credentials::read_assume_role_with_oidc(
      send(core, credentials::assume_role_with_oidc_request(rrsa_spec(), "", kNow), kNow));
  EXPECT_EQ(e.error().code, "MissingOIDCToken");
  EXPECT_EQ(e.error().http_status, 400);
}

TEST(IdentityEndpoints, TencentStsAssumeRoleWithWebIdentity) {
  EmulatorCore core(identity_options());
  const auto raw =
      send(core, credentials::assume_role_with_web_identity_request(tke_spec(), "jwt", kNow), kNow);
  const auto r = body_of(raw).at("Response").as_object();
  EXPECT_EQ(r.at("ExpiredTime").as_int64(), kNow + kTtl);  // 7200 asked, the TTL is shorter
  EXPECT_EQ(str(r.at("Expiration")), adapters::format_rfc3339_utc(kNow + kTtl));
  EXPECT_TRUE(r.contains("RequestId"));
  for (const auto* key : {"Token", "TmpSecretId", "TmpSecretKey"})
    EXPECT_TRUE(r.at("Credentials").as_object().contains(key));
  const auto c = fetch_tke(core, kNow).value();
  EXPECT_EQ(c.source, "tke-oidc");
  EXPECT_EQ(core.identity().stats().calls[3], 2u);

  const auto error_code = [&](adapters::HttpRequest req) {
    const auto e = credentials::read_assume_role_with_web_identity(send(core, req, kNow));
    return e ? std::string("ok") : e.error().code;
  };
  EXPECT_EQ(error_code(credentials::assume_role_with_web_identity_request(tke_spec(), "", kNow)),
            "InvalidParameter.WebIdentityTokenError");
  auto spec = tke_spec();
  spec.duration_seconds = 43201;
  EXPECT_EQ(error_code(credentials::assume_role_with_web_identity_request(spec, "jwt", kNow)),
            "InvalidParameter.OverTimeError");
  auto signed_call = credentials::assume_role_with_web_identity_request(tke_spec(), "jwt", kNow);
  for (auto& [k, v] : signed_call.headers) {
    if (k == "Authorization") v = "TC3-HMAC-SHA256 Credential=x";
  }
  EXPECT_EQ(error_code(signed_call), "AuthFailure.InvalidAuthorization");
  // Every other X-TC-Action is still the Live API's.
  EXPECT_EQ(route(tencent_body(R"({"PackageType":0})")).kind, RouteKind::kApi);
}

TEST(IdentityEndpoints, ImdsV2SessionTokensAreEnforced) {
  EmulatorCore core(identity_options());
  constexpr std::string_view kList = "/latest/meta-data/ram/security-credentials/";
  EXPECT_EQ(send(core, ecs_get(std::string(kList), ""), kNow).status, 401u);
  EXPECT_EQ(send(core, ecs_get(std::string(kList), "forged"), kNow).status, 401u);
  EXPECT_EQ(send(core, credentials::ecs_token_request(0), kNow).status, 400u);
  EXPECT_EQ(send(core, credentials::ecs_token_request(21601), kNow).status, 400u);
  EXPECT_EQ(send(core, ecs_get("/latest/api/token", ""), kNow).status, 405u);
  const auto token = send(core, credentials::ecs_token_request(60), kNow).body;
  EXPECT_EQ(send(core, ecs_get(std::string(kList), token), kNow + 59).status, 200u);
  EXPECT_EQ(send(core, ecs_get(std::string(kList), token), kNow + 60).status, 401u);  // the session ended
  // The gateway's reader takes a 401 as "no credential from here", not as a transient fault.
  EXPECT_EQ(
      credentials::read_role_name(send(core, ecs_get(std::string(kList), ""), kNow), "ECS").error().kind,
      ErrorKind::kAuth);

  auto o = identity_options();
  o.ecs_metadata_imdsv1 = true;  // normal mode: no token is fine, a wrong one is not
  EmulatorCore normal(o);
  EXPECT_EQ(send(normal, ecs_get(std::string(kList), ""), kNow).status, 200u);
  EXPECT_EQ(send(normal, ecs_get(std::string(kList), "forged"), kNow).status, 401u);
}

TEST(IdentityEndpoints, DetachedRoleGives404AndARenamedOneMovesThePath) {
  EmulatorCore core(identity_options());
  const auto before = fetch_ecs(core, kNow).value();
  EXPECT_EQ(core.handle(control("POST", "/__emulator/identity", R"({"detach":true})"), at(kNow)).status,
            200u);
  const auto token = send(core, credentials::ecs_token_request(600), kNow).body;
  EXPECT_EQ(send(core, credentials::ecs_role_list_request(token), kNow).status, 404u);
  EXPECT_EQ(send(core, credentials::ecs_role_credentials_request(kRole, token), kNow).status, 404u);
  EXPECT_EQ(send(core, credentials::cvm_role_list_request(), kNow).status, 404u);
  const auto e = fetch_cvm(core, kNow);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().kind, ErrorKind::kAuth);
  // What was issued before the detach stays valid, as on the real clouds.
  EXPECT_EQ(code(core.handle(alibaba_with(true, before, kNow, "n1"), at(kNow))), "ok");

  EXPECT_EQ(
      core.handle(control("POST", "/__emulator/identity", R"({"role":"Other","cloud":"tencent"})"), at(kNow))
          .status,
      200u);
  EXPECT_EQ(send(core, credentials::cvm_role_list_request(), kNow).body, "Other");
  EXPECT_EQ(send(core, credentials::cvm_role_credentials_request(kRole), kNow).status, 404u);
  EXPECT_EQ(fetch_cvm(core, kNow).value().source, "cvm-role:Other");
  EXPECT_EQ(send(core, credentials::ecs_role_list_request(token), kNow).status, 404u);  // ECS still detached
  core.reset();  // the configured role comes back on both
  EXPECT_EQ(send(core, credentials::cvm_role_list_request(), kNow).body, kRole);
}

TEST(IdentityEndpoints, ServedWithoutTheControlPlaneWhoseRulesStillHold) {
  auto o = identity_options();
  o.control_plane = false;
  EmulatorCore closed(o);
  EXPECT_TRUE(fetch_cvm(closed, kNow));
  EXPECT_TRUE(fetch_tke(closed, kNow));
  EXPECT_EQ(closed.handle(control("POST", "/__emulator/identity", R"({"detach":true})"), at(kNow)).status,
            404u);
  EXPECT_TRUE(fetch_ecs(closed, kNow));  // still attached

  EmulatorCore core(identity_options());
  const auto status = [&](std::string body) {
    return core.handle(control("POST", "/__emulator/identity", std::move(body)), at(kNow)).status;
  };
  EXPECT_EQ(status(R"({"revoke":"STS.nope"})"), 404u);
  EXPECT_EQ(status(R"({"revoke":"a","role":"b"})"), 400u);
  EXPECT_EQ(status(R"({"detach":false})"), 400u);
  EXPECT_EQ(status(R"({"role":"r","cloud":"aws"})"), 400u);
  EXPECT_EQ(status(R"({"rol":"r"})"), 400u);
  EXPECT_EQ(core.handle(control("DELETE", "/__emulator/identity"), at(kNow)).status, 405u);
  const auto got = core.handle(control("GET", "/__emulator/identity"), at(kNow));
  EXPECT_EQ(str(json::parse(got.body).at("roles").at("alibaba")), kRole);
}

}  // namespace
}  // namespace qg::emulator
