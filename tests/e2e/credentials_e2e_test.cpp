// Credentials that rotate, against the emulator's metadata and STS services on loopback: instance
// roles (ECS RAM role with IMDSv2, CVM CAM role) and OIDC role assumption (RRSA, TKE) hand out
// short-lived credentials; the gateway renews each before it expires, never signs with one past
// its expiry, fails no request meanwhile; a revoked one is replaced at once; a detached role is an
// auth error of that source, not a tripped breaker hiding the role once it is back.

#include <chrono>
#include <set>
#include <thread>

#include <boost/json.hpp>

#include <gtest/gtest.h>

#include "tests/e2e/e2e_support.hpp"

namespace {

using namespace qg::test;
namespace json = boost::json;

std::string accounts_yaml(const Emulator& e, const std::string& tencent_credentials,
                          const std::string& alibaba_credentials) {
  return "listen: 127.0.0.1:0\nlog: { level: info, format: json }\nclient_limits: { enabled: false }\n"
         "history: { enabled: false }\ncache: { ttl: 1s }\n"
         "accounts:\n"
         "  - name: live-test\n    provider: tencent-live\n    endpoint: " + e.url() +
         "\n    credentials: " + tencent_credentials +
         "\n  - name: rtc-test\n    provider: alibaba-ice\n    region: cn-shanghai\n    endpoint: " + e.url() +
         "\n    credentials: " + alibaba_credentials + "\n";
}

json::object identity(Emulator& e) { return e.stats().at("identity").as_object(); }

std::int64_t issued_by(const json::object& identity, const std::string& source) {
  std::int64_t n = 0;
  for (const auto& issued : identity.at("issued").as_array()) n += issued.at("source").as_string() == source;
  return n;
}

// Every credential the emulator issued that a data API saw: used only before it expired, never refused.
void expect_used_only_while_valid(Emulator& e) {
  const auto stats = e.stats();
  std::map<std::string, std::int64_t> expiry;
  for (const auto& issued : stats.at("identity").at("issued").as_array()) {
    expiry[std::string(issued.at("id").as_string())] = issued.at("expires_at").to_number<std::int64_t>();
  }
  std::size_t used = 0;
  for (const auto& [api, s] : stats.at("apis").as_object()) {
    for (const auto& [id, c] : s.at("credentials").as_object()) {
      auto it = expiry.find(std::string(id));
      if (it == expiry.end()) continue;  // a static key
      ++used;
      EXPECT_LT(c.at("last_used_at").to_number<std::int64_t>(), it->second) << api << " " << id;
      EXPECT_TRUE(c.at("errors").as_object().empty()) << api << " " << id << " was refused: " << json::serialize(c);
    }
  }
  EXPECT_GE(used, 4u);
}

// Asks until each source has been given `n` credentials, checking that every answer is whole.
void serve_until_issued(Gateway& g, Emulator& e, const std::vector<std::string>& counters, std::int64_t n) {
  const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(40);
  for (;;) {
    auto r = g.get("/quotas?page_size=1");
    ASSERT_EQ(r.status, 200u) << r.body;
    ASSERT_EQ(r.header("X-Quota-Complete"), "true") << r.body;
    const auto id = identity(e);
    bool done = true;
    for (const auto& c : counters) done = done && issued_by(id, c) >= n;
    if (done) return;
    ASSERT_LT(std::chrono::steady_clock::now(), limit) << json::serialize(id);
  }
}

TEST(CredentialsE2E, InstanceRolesAreRenewedBeforeTheyExpireAndNoRequestFails) {
  Emulator emulator({"--temp-credential-ttl", "4"});
  const std::string metadata = "{ source: instance_role, metadata_endpoint: " + emulator.url() + " }";
  Gateway gateway(accounts_yaml(emulator, metadata, metadata));
  gateway.wait_ready();
  serve_until_issued(gateway, emulator, {"ecs_metadata", "cvm_metadata"}, 3);
  expect_used_only_while_valid(emulator);
  std::set<std::string> sources;
  const auto id = identity(emulator);
  for (const auto& issued : id.at("issued").as_array()) sources.insert(std::string(issued.at("source").as_string()));
  EXPECT_EQ(sources.size(), 2u);  // both clouds' instance roles
}

TEST(CredentialsE2E, OidcRoleAssumptionThroughStsRotatesToo) {
  Emulator emulator({"--temp-credential-ttl", "4"});
  const std::string token = write_temp_file("eyJhbGciOiJSUzI1NiJ9.service-account.token", ".jwt");
  Gateway gateway(accounts_yaml(
      emulator,
      "{ source: oidc, sts_endpoint: " + emulator.url() + ", region: ap-guangzhou, provider_id: tke-oidc, role_arn: "
          "'qcs::cam::uin/100000000001:roleName/quota-gateway', token_file: " + token + " }",
      "{ source: oidc, sts_endpoint: " + emulator.url() + ", role_arn: 'acs:ram::1000000000000001:role/quota-gateway', "
          "oidc_provider_arn: 'acs:ram::1000000000000001:oidc-provider/ack', token_file: " + token + " }"));
  gateway.wait_ready();
  serve_until_issued(gateway, emulator, {"sts_alibaba", "sts_tencent"}, 3);
  expect_used_only_while_valid(emulator);
}

TEST(CredentialsE2E, ARevokedCredentialIsReplacedWithoutFailingTheRequest) {
  Emulator emulator;  // credentials live an hour: only the revocation makes them unusable
  const std::string metadata = "{ source: instance_role, metadata_endpoint: " + emulator.url() + " }";
  Gateway gateway(accounts_yaml(emulator, metadata, metadata));
  gateway.wait_ready();
  const auto first = identity(emulator);
  for (const auto& issued : first.at("issued").as_array()) {
    TestClient c(emulator.port());
    const auto r = c.request("POST", "/__emulator/identity", {{"Content-Type", "application/json"}},
                             json::serialize(json::object{{"revoke", issued.at("id")}}));
    ASSERT_EQ(r.status, 200u) << r.body;
  }
  const auto before = identity(emulator).at("issued").as_array().size();
  auto r = gateway.get("/quotas?refresh=true&page_size=1");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("X-Quota-Complete"), "true") << r.body;
  for (const char* account : {"live-test", "rtc-test"}) {
    EXPECT_EQ(source_of(r.json(), account).at("status").as_string(), "ok") << account;
  }
  EXPECT_EQ(identity(emulator).at("issued").as_array().size(), before + 2);  // one new credential per role
}

TEST(CredentialsE2E, ADetachedRoleIsAnAuthErrorOfItsSourceNotABreakerThatHidesItsReturn) {
  Emulator emulator({"--temp-credential-ttl", "2"});
  const std::string metadata = "{ source: instance_role, metadata_endpoint: " + emulator.url() + " }";
  Gateway gateway(accounts_yaml(emulator, metadata, metadata) + "circuit_breaker: { failure_threshold: 2, cool_down: 10m }\n");
  gateway.wait_ready();
  TestClient control(emulator.port());
  ASSERT_EQ(control.request("POST", "/__emulator/identity", {{"Content-Type", "application/json"}},
                            R"({"detach":true,"cloud":"tencent"})").status, 200u);
  // Once the last credential has run out the source fails as an auth error, again and again.
  json::object live;
  const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (int failures = 0; failures < 4;) {
    auto r = gateway.get("/quotas?refresh=true&page_size=1");
    ASSERT_EQ(r.status, 200u) << r.body;  // the other account still answers
    live = source_of(r.json(), "live-test");
    if (live.at("status").as_string() != "ok") {
      ++failures;
      EXPECT_EQ(live.at("error").at("type").as_string(), "https://quota-gateway.dev/problems/upstream-auth")
          << json::serialize(live);
    }
    ASSERT_LT(std::chrono::steady_clock::now(), limit);
  }
  EXPECT_EQ(source_of(gateway.get("/quotas?page_size=1").json(), "rtc-test").at("status").as_string(), "ok");
  // The role is back: the very next refresh of the account that is let through uses it; no
  // breaker cool-down stands in the way. (Refreshes right after the failing ones may find the
  // account's refresh budget spent: those are answered from the cache, marked
  // X-Quota-Refresh-Skipped.)
  ASSERT_EQ(control.request("POST", "/__emulator/identity", {{"Content-Type", "application/json"}},
                            R"({"role":"EmulatorInstanceRole","cloud":"tencent"})").status, 200u);
  for (;;) {
    auto back = gateway.get("/quotas?account=live-test&refresh=true&page_size=1");
    if (back.header("X-Quota-Refresh-Skipped").empty()) {
      EXPECT_EQ(source_of(back.json(), "live-test").at("status").as_string(), "ok") << back.body;
      break;
    }
    ASSERT_LT(std::chrono::steady_clock::now(), limit);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the polling interval
  }
}

}  // namespace
