// Issued credentials at the data APIs: a credential from each source signs Live, ICE and
// AIContent requests the core accepts; the same request is refused once the TTL has passed and
// after a revoke, and with a wrong or missing token; the statistics show which id was used when.
// In injected time: the Instant moves, nothing sleeps.

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "adapters/alibaba_ice/request.hpp"
#include "adapters/common/alibaba_pop.hpp"
#include "adapters/tencent_live/request.hpp"
#include "tests/unit/adapters/emulator/identity_requests.hpp"

namespace qg::emulator {
namespace {

using namespace testing;
namespace json = boost::json;

std::string str(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : json::serialize(v);
}
using Fetch = credentials::CredentialsResult (*)(EmulatorCore&, std::int64_t);

struct Source {
  const char* name;
  Fetch fetch;
  bool tencent;
};
constexpr Source kSources[] = {{"ecs", fetch_ecs, false},
                               {"cvm", fetch_cvm, true},
                               {"rrsa", fetch_rrsa, false},
                               {"tke", fetch_tke, true}};

// Every data API the credential's cloud has, signed at `ts`: one answer code each.
std::vector<std::string> call_all(EmulatorCore& core, const credentials::Credentials& c, std::int64_t ts,
                                  std::optional<std::string> token = std::nullopt) {
  static int nonce = 0;
  if (c.id.reveal().starts_with("AKID")) return {code(core.handle(live_with(c, ts, token), at(ts)))};
  return {code(core.handle(alibaba_with(true, c, ts, "n" + std::to_string(++nonce), token), at(ts))),
          code(core.handle(alibaba_with(false, c, ts, "n" + std::to_string(++nonce), token), at(ts)))};
}

adapters::Endpoint loopback() {
  adapters::Endpoint ep;
  ep.tls = false;
  ep.host = "127.0.0.1";
  ep.port = 9000;
  return ep;
}

std::vector<std::string> all(std::size_t n, const std::string& code) {
  return std::vector<std::string>(n, code);
}

TEST(IdentityRotation, EveryIssuedCredentialIsAcceptedUntilItExpires) {
  for (const auto& source : kSources) {
    SCOPED_TRACE(source.name);
    EmulatorCore core(identity_options());
    const auto c = source.fetch(core, kNow).value();
    const std::size_t apis = source.tencent ? 1 : 2;
    EXPECT_EQ(call_all(core, c, kNow), all(apis, "ok"));
    EXPECT_EQ(call_all(core, c, kNow + kTtl - 1), all(apis, "ok"));
    const auto expired = call_all(core, c, kNow + kTtl);
    EXPECT_EQ(expired,
              all(apis, source.tencent ? "AuthFailure.TokenFailure" : "InvalidSecurityToken.Expired"));
    // The configured long-term credentials are unaffected.
    const auto ok = source.tencent
                        ? core.handle(tencent_body(R"({"PackageType":0})", kNow + kTtl), at(kNow + kTtl))
                        : core.handle(ice_request({}, "long-term", kNow + kTtl), at(kNow + kTtl));
    EXPECT_EQ(code(ok), "ok");
  }
}

TEST(IdentityRotation, AnExpiredAlibabaCredentialGetsTheCloudsStatusAndEnvelope) {
  EmulatorCore core(identity_options());
  const auto c = fetch_rrsa(core, kNow).value();
  const auto r = core.handle(alibaba_with(true, c, kNow + kTtl + 60, "late"), at(kNow + kTtl + 60));
  EXPECT_EQ(r.status, 400u);
  const auto o = json::parse(r.body).as_object();
  EXPECT_EQ(str(o.at("Code")), "InvalidSecurityToken.Expired");
  EXPECT_EQ(str(o.at("Message")), "Specified SecurityToken is expired.");
  EXPECT_TRUE(o.contains("Recommend"));
  // The gateway's own code table takes it as an auth failure (not retryable).
  EXPECT_EQ(adapters::alibaba::classify_code("InvalidSecurityToken.Expired", 400),
            adapters::ErrorKind::kAuth);
}

TEST(IdentityRotation, ARevokedCredentialIsRefusedAtOnce) {
  for (const auto& source : kSources) {
    SCOPED_TRACE(source.name);
    EmulatorCore core(identity_options());
    const auto c = source.fetch(core, kNow).value();
    const auto keep = source.fetch(core, kNow).value();
    const std::size_t apis = source.tencent ? 1 : 2;
    const auto body = R"({"revoke":")" + c.id.reveal() + R"("})";
    const auto r = core.handle(control("POST", "/__emulator/identity", body), at(kNow));
    EXPECT_EQ(r.status, 200u);
    EXPECT_EQ(call_all(core, c, kNow + 1),
              all(apis, source.tencent ? "AuthFailure.TokenFailure" : "InvalidAccessKeyId.Inactive"));
    EXPECT_EQ(call_all(core, keep, kNow + 1), all(apis, "ok"));  // only that one
    const auto issued = core.identity().stats().issued;
    ASSERT_EQ(issued.size(), 2u);
    EXPECT_TRUE(issued[0].revoked);
    EXPECT_FALSE(issued[1].revoked);
  }
}

TEST(IdentityRotation, AWrongOrMissingTokenIsRefused) {
  EmulatorCore core(identity_options());
  const auto ali = fetch_ecs(core, kNow).value();
  const auto other = fetch_ecs(core, kNow).value();
  EXPECT_EQ(call_all(core, ali, kNow, other.token.reveal()),
            all(2, "InvalidSecurityToken.MismatchWithAccessKey"));
  EXPECT_EQ(call_all(core, ali, kNow, ""), all(2, "MissingSecurityToken"));
  const auto tc = fetch_cvm(core, kNow).value();
  EXPECT_EQ(call_all(core, tc, kNow, "not-the-token"), all(1, "AuthFailure.TokenFailure"));
  EXPECT_EQ(call_all(core, tc, kNow, ""), all(1, "AuthFailure.TokenFailure"));
  // A signature over another token does not verify: Alibaba signs x-acs-security-token.
  auto tampered = alibaba_with(true, ali, kNow, "tamper");
  set_header(tampered, "x-acs-security-token", other.token.reveal());
  EXPECT_EQ(code(core.handle(tampered, at(kNow))), "SignatureDoesNotMatch");
  // Each cloud's credentials are its own.
  Tc3Options o;
  o.credential = pair(ali);
  EXPECT_EQ(code(core.handle(tc3_request(o), at(kNow))), "AuthFailure.SecretIdNotFound");
  EXPECT_EQ(code(core.handle(alibaba_with(true, tc, kNow, "x"), at(kNow))), "InvalidAccessKeyId.NotFound");
}

TEST(IdentityRotation, TheGatewaysOwnRequestBuildersCarryTheTokenWhereTheEmulatorLooks) {
  EmulatorCore core(identity_options());
  const auto tc = fetch_tke(core, kNow).value();
  tencent_live::TencentLiveOptions live;
  live.endpoint = loopback();
  live.secret_id = tc.id;
  live.secret_key = tc.secret;
  live.session_token = tc.token;
  EXPECT_EQ(code(core.handle(from_http(tencent_live::build_request(live, 0, 1, {kNow, ""})), at(kNow))),
            "ok");

  const auto ali = fetch_rrsa(core, kNow).value();
  const adapters::alibaba::Credentials pop{ali.id.reveal(), ali.secret, ali.token};
  const adapters::alibaba::PopCall call{"POST", "/", alibaba_ice::kAction, alibaba_ice::kVersion, {}};
  const auto req =
      adapters::alibaba::build_request(loopback(), pop, call, {kNow, "0123456789abcdef0123456789abcdef"});
  EXPECT_EQ(code(core.handle(from_http(req), at(kNow))), "ok");
}

TEST(IdentityRotation, StatsShowWhichIdWasUsedWhen) {
  EmulatorCore core(identity_options());
  const auto old_c = fetch_ecs(core, kNow).value();
  EXPECT_EQ(call_all(core, old_c, kNow + 10), all(2, "ok"));
  const auto new_c = fetch_ecs(core, kNow + 600).value();
  EXPECT_EQ(call_all(core, new_c, kNow + 610), all(2, "ok"));
  EXPECT_EQ(call_all(core, old_c, kNow + kTtl + 5), all(2, "InvalidSecurityToken.Expired"));

  const auto stats = json::parse(core.handle(control("GET", "/__emulator/stats"), at(kNow)).body).as_object();
  const auto& ice = stats.at("apis").at("alibaba-ice").at("credentials").as_object();
  const auto& old_s = ice.at(old_c.id.reveal()).as_object();
  const auto& new_s = ice.at(new_c.id.reveal()).as_object();
  EXPECT_EQ(old_s.at("requests").to_number<std::uint64_t>(), 2u);
  EXPECT_EQ(old_s.at("accepted").to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(old_s.at("errors").at("InvalidSecurityToken.Expired").to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(old_s.at("first_used_at").as_int64(), kNow + 10);
  EXPECT_EQ(old_s.at("last_used_at").as_int64(), kNow + kTtl + 5);
  EXPECT_EQ(new_s.at("first_used_at").as_int64(), kNow + 610);
  EXPECT_FALSE(ice.contains("(unknown)"));

  const auto& identity = stats.at("identity").as_object();
  EXPECT_EQ(identity.at("ecs_metadata").to_number<std::uint64_t>(), 6u);
  EXPECT_EQ(identity.at("cvm_metadata").to_number<std::uint64_t>(), 0u);
  const auto& issued = identity.at("issued").as_array();
  ASSERT_EQ(issued.size(), 2u);
  EXPECT_EQ(str(issued[1].at("id")), new_c.id.reveal());
  EXPECT_EQ(str(issued[1].at("source")), "ecs_metadata");
  EXPECT_EQ(issued[1].at("issued_at").as_int64(), kNow + 600);
  EXPECT_EQ(issued[1].at("expires_at").as_int64(), kNow + 600 + kTtl);
  EXPECT_FALSE(issued[1].as_object().contains("secret"));
  EXPECT_EQ(json::serialize(stats).find(new_c.token.reveal()), std::string::npos);  // no token leaks
}

}  // namespace
}  // namespace qg::emulator
