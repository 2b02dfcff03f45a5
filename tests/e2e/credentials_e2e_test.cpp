// Credentials that rotate, against the emulator's metadata and STS services on loopback: instance
// roles (ECS RAM role with IMDSv2, CVM CAM role) and OIDC role assumption (RRSA, TKE) hand out
// short-lived credentials; the gateway renews each before it expires, never signs with one past
// its expiry, fails no request meanwhile; a revoked one is replaced at once; a detached role is an
// auth error of that source, not a tripped breaker hiding the role once it is back.

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

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

// Serves /quotas until each source has issued `n` credentials, checking that every answer is
// whole. Waits on the emulator's own count of issued credentials, never on the clock.
void serve_until_issued(Gateway& g, Emulator& e, const std::vector<std::string>& sources, std::int64_t n) {
  std::string broken;  // the first answer that was not whole
  const bool issued = wait_until(
      [&] {
        auto r = g.get("/quotas?page_size=1");
        if (r.status != 200u || r.header("X-Quota-Complete") != "true") {
          broken = std::to_string(r.status) + " " + r.body;
          return true;
        }
        const auto id = identity(e);
        return std::all_of(sources.begin(), sources.end(), [&](const std::string& s) { return issued_by(id, s) >= n; });
      },
      std::chrono::seconds(60));
  EXPECT_EQ(broken, "") << "an answer was not whole while credentials rotated";
  EXPECT_TRUE(issued) << json::serialize(identity(e));
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

// What each credential id was used for at the data APIs, all APIs together.
struct Use {
  std::int64_t requests = 0, accepted = 0;
};
std::map<std::string, Use> use_by_credential(Emulator& e) {
  std::map<std::string, Use> use;
  const auto stats = e.stats();  // named: a range-for over a temporary's member would dangle
  for (const auto& [api, s] : stats.at("apis").as_object()) {
    for (const auto& [id, c] : s.at("credentials").as_object()) {
      Use& u = use[std::string(id)];
      u.requests += c.at("requests").to_number<std::int64_t>();
      u.accepted += c.at("accepted").to_number<std::int64_t>();
    }
  }
  return use;
}

TEST(CredentialsE2E, ARevokedCredentialIsReplacedWithoutFailingTheRequest) {
  Emulator emulator;  // credentials live an hour: only the revocation makes them unusable
  const std::string metadata = "{ source: instance_role, metadata_endpoint: " + emulator.url() + " }";
  Gateway gateway(accounts_yaml(emulator, metadata, metadata));
  gateway.wait_ready();
  // Revoke every credential issued so far: one per instance role.
  std::map<std::string, std::string> revoked;  // id -> source
  const auto before = identity(emulator);
  for (const auto& issued : before.at("issued").as_array()) {
    TestClient c(emulator.port());
    const auto r = c.request("POST", "/__emulator/identity", {{"Content-Type", "application/json"}},
                             json::serialize(json::object{{"revoke", issued.at("id")}}));
    ASSERT_EQ(r.status, 200u) << r.body;
    revoked[std::string(issued.at("id").as_string())] = std::string(issued.at("source").as_string());
  }
  ASSERT_EQ(revoked.size(), 2u) << json::serialize(identity(emulator));

  // A refresh now signs with a revoked credential, is refused, and tries again with a new one:
  // the request does not fail.
  auto r = gateway.get("/quotas?refresh=true&page_size=1");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("X-Quota-Complete"), "true") << r.body;
  for (const char* account : {"live-test", "rtc-test"}) {
    EXPECT_EQ(source_of(r.json(), account).at("status").as_string(), "ok") << account;
  }

  // Each role has a replacement, which the data APIs accepted.
  std::map<std::string, std::string> replacements;  // source -> id
  auto use = use_by_credential(emulator);
  const auto after = identity(emulator);
  for (const auto& issued : after.at("issued").as_array()) {
    const std::string id(issued.at("id").as_string());
    if (revoked.count(id)) continue;
    EXPECT_TRUE(replacements.emplace(std::string(issued.at("source").as_string()), id).second)
        << "a second replacement for " << issued.at("source").as_string()
        << ": a late refusal of the revoked credential threw its replacement away; "
        << json::serialize(identity(emulator));
  }
  for (const auto& [id, source] : revoked) {
    ASSERT_TRUE(replacements.count(source)) << "no replacement for " << source;
    EXPECT_GT(use[replacements.at(source)].accepted, 0) << source;
  }

  // Once replaced, a revoked credential is no longer used. A request signed with it just before
  // the replacement came may still arrive later, refused; so its count is compared over rounds
  // of two more refreshes, each fetched anew and served whole by the replacements, until a round
  // adds nothing. Refreshes are single-flight per account, so the second refresh of a round is
  // fetched after everything that was in flight when the round began. The wait fails if the
  // revoked credentials never go quiet.
  const auto revoked_requests = [&] {
    const auto now = use_by_credential(emulator);
    std::int64_t n = 0;
    for (const auto& [id, source] : revoked) n += now.count(id) ? now.at(id).requests : 0;
    return n;
  };
  std::int64_t round_start = revoked_requests();
  int refreshes_in_round = 0;
  std::string failed;
  const bool quiet = wait_until(
      [&] {
        auto again = gateway.get("/quotas?refresh=true&page_size=1");
        if (again.status != 200u || again.header("X-Quota-Complete") != "true") {
          failed = std::to_string(again.status) + " " + again.body;
          return true;
        }
        if (++refreshes_in_round < 2) return false;
        const auto now = revoked_requests();
        if (now == round_start) return true;
        round_start = now;
        refreshes_in_round = 0;
        return false;
      },
      std::chrono::seconds(60));
  EXPECT_EQ(failed, "") << "a request failed after the revocation";
  EXPECT_TRUE(quiet) << "a revoked credential is still being used: " << json::serialize(emulator.stats());
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
  int failures = 0;
  std::string unexpected;
  const bool failing = wait_until(
      [&] {
        auto r = gateway.get("/quotas?refresh=true&page_size=1");
        if (r.status != 200u) {  // the other account still answers
          unexpected = std::to_string(r.status) + " " + r.body;
          return true;
        }
        const auto live = source_of(r.json(), "live-test");
        if (live.at("status").as_string() == "ok") return false;
        ++failures;
        if (live.at("error").at("type").as_string() != "https://quota-gateway.dev/problems/upstream-auth") {
          unexpected = json::serialize(live);
          return true;
        }
        return failures >= 4;
      },
      std::chrono::seconds(60));
  ASSERT_EQ(unexpected, "") << "not an auth error of the live-test source";
  ASSERT_TRUE(failing) << failures << " auth errors";
  EXPECT_EQ(source_of(gateway.get("/quotas?page_size=1").json(), "rtc-test").at("status").as_string(), "ok");
  // The role is back: the very next refresh of the account that is let through uses it; no
  // breaker cool-down stands in the way. (Refreshes right after the failing ones may find the
  // account's refresh budget spent: those are answered from the cache, marked
  // X-Quota-Refresh-Skipped.)
  ASSERT_EQ(control.request("POST", "/__emulator/identity", {{"Content-Type", "application/json"}},
                            R"({"role":"EmulatorInstanceRole","cloud":"tencent"})").status, 200u);
  TestResponse back;
  ASSERT_TRUE(wait_until(
      [&] {
        back = gateway.get("/quotas?account=live-test&refresh=true&page_size=1");
        return back.header("X-Quota-Refresh-Skipped").empty();
      },
      std::chrono::seconds(60)));
  EXPECT_EQ(source_of(back.json(), "live-test").at("status").as_string(), "ok") << back.body;
}

}  // namespace
