// Live reload: a rotated secret file picked up on SIGHUP switches credentials with no failed
// request under concurrent load; a changed secret file is picked up without a signal; accounts
// come and go; an invalid configuration keeps the running one serving and says what is wrong.

#include <csignal>
#include <cstdio>
#include <fstream>
#include <regex>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "tests/e2e/e2e_support.hpp"

namespace {

using namespace qg::test;
namespace json = boost::json;

constexpr const char* kOldId = "AKIDROTATEOLD00000000000000000000000001";
constexpr const char* kOldKey = "rotate-old-secret-key-0000000000001";
constexpr const char* kNewId = "AKIDROTATENEW00000000000000000000000002";
constexpr const char* kNewKey = "rotate-new-secret-key-0000000000002";

void write(const std::string& path, const std::string& content) {
  std::ofstream out(path + ".tmp", std::ios::trunc);
  out << content;
  out.close();
  // Replaced in one step, as Kubernetes swaps a mounted secret: a reader never sees half a file.
  ASSERT_EQ(std::rename((path + ".tmp").c_str(), path.c_str()), 0);
}

std::string config(const Emulator& e, const std::string& id_file, const std::string& key_file,
                   const std::string& extra_accounts = "", const std::string& top = "") {
  return "listen: 127.0.0.1:0\nlog: { level: info, format: json }\nclient_limits: { enabled: false }\n"
         "history: { enabled: false }\nreload: { watch_interval: 200ms }\n" + top +
         "accounts:\n  - name: live-test\n    provider: tencent-live\n    endpoint: " + e.url() +
         "\n    secret_id_file: " + id_file + "\n    secret_key_file: " + key_file + "\n" + extra_accounts;
}

std::int64_t requests_with(Emulator& e, const std::string& id) {
  const auto creds = e.api_stats("tencent-live").at("credentials").as_object();
  const auto* c = creds.if_contains(id);
  return c ? c->at("requests").to_number<std::int64_t>() : 0;
}

double metric(Gateway& g, const std::string& name) {
  const auto body = g.get("/metrics").body;
  const auto at = body.find("\n" + name + " ");
  return at == std::string::npos ? -1 : std::stod(body.substr(at + name.size() + 2));
}

TEST(ReloadE2E, ARotatedSecretAndSighupSwitchCredentialsWithNoFailedRequestUnderLoad) {
  Emulator emulator({"--tencent-credential", std::string(kOldId) + ":" + kOldKey, "--tencent-credential",
                     std::string(kNewId) + ":" + kNewKey});
  const std::string id_file = write_temp_file(kOldId, ".id");
  const std::string key_file = write_temp_file(kOldKey, ".key");
  Gateway gateway(config(emulator, id_file, key_file, "", "cache: { ttl: 1s }\n"));
  gateway.wait_ready();

  std::atomic<bool> stop{false};
  std::atomic<int> failed{0}, served{0};
  std::vector<std::thread> load;
  for (int t = 0; t < 4; ++t) {
    load.emplace_back([&] {
      TestClient client(gateway.port());
      while (!stop) {
        auto r = client.get("/quotas?refresh=true&page_size=1");  // every request calls the cloud
        if (r.status != 200 || r.header("X-Quota-Complete") != "true") ++failed;
        ++served;
      }
    });
  }
  ASSERT_TRUE(wait_until([&] { return requests_with(emulator, kOldId) > 20; }));
  write(id_file, kNewId);
  write(key_file, kNewKey);
  ASSERT_EQ(::kill(gateway.process().pid(), SIGHUP), 0);
  ASSERT_TRUE(wait_until([&] { return requests_with(emulator, kNewId) > 20; }));
  const auto old_after = requests_with(emulator, kOldId);
  ASSERT_TRUE(wait_until([&] { return requests_with(emulator, kNewId) > 60; }));
  stop = true;
  for (auto& t : load) t.join();
  EXPECT_EQ(failed.load(), 0) << "of " << served.load();
  EXPECT_GT(served.load(), 10);
  // Once switched, the old key is no longer used (requests already signed may still land once).
  EXPECT_LE(requests_with(emulator, kOldId) - old_after, 4);
  EXPECT_EQ(metric(gateway, "quotagw_config_reload_success"), 1);
}

TEST(ReloadE2E, AChangedSecretFileIsPickedUpWithoutASignal) {
  Emulator emulator;
  const std::string id_file = write_temp_file(kTencentId, ".id");
  const std::string key_file = write_temp_file(kTencentKey, ".key");
  const std::string keys = write_temp_file("first-api-key-0123456789\n", ".keys");
  Gateway gateway(config(emulator, id_file, key_file, "", "auth: { api_keys_file: " + keys + " }\n"));
  gateway.wait_ready();
  const Headers first{{"X-API-Key", "first-api-key-0123456789"}}, second{{"X-API-Key", "second-api-key-0123456789"}};
  EXPECT_EQ(gateway.get("/quotas?page_size=1", first).status, 200u);
  write(keys, "second-api-key-0123456789\n");
  ASSERT_TRUE(wait_until([&] { return gateway.get("/quotas?page_size=1", second).status == 200; }));
  EXPECT_EQ(gateway.get("/quotas?page_size=1", first).status, 401u);
}

TEST(ReloadE2E, AccountsComeAndGoAndAnInvalidConfigurationKeepsTheRunningOne) {
  Emulator emulator;
  const std::string id_file = write_temp_file(kTencentId, ".id");
  const std::string key_file = write_temp_file(kTencentKey, ".key");
  const std::string ice = std::string("  - name: rtc-test\n    provider: alibaba-ice\n    region: cn-shanghai\n    endpoint: ") +
                          emulator.url() + "\n    access_key_id: " + kAlibabaId + "\n    access_key_secret: " + kAlibabaKey + "\n";
  const std::string path = write_temp_file(config(emulator, id_file, key_file));
  ChildProcess process(binary_path("quota-gateway"), {"--config", path});
  const auto port = wait_for_port(process);
  process.wait_for_line(std::regex(R"("msg":"ready")"));
  auto sources = [&] {
    std::vector<std::string> out;
    const auto body = http_get(port, "/quotas?page_size=1").json();
    for (const auto& s : body.at("sources").as_array()) {
      out.emplace_back(s.at("account").as_string());
    }
    return out;
  };
  EXPECT_EQ(sources(), std::vector<std::string>{"live-test"});

  write(path, config(emulator, id_file, key_file, ice));
  ASSERT_EQ(::kill(process.pid(), SIGHUP), 0);
  ASSERT_TRUE(wait_until([&] { return sources().size() == 2; }));
  EXPECT_EQ(http_get(port, "/quotas?account=rtc-test&page_size=1").status, 200u);

  // An invalid file: refused with key and line, the running configuration keeps serving.
  write(path, config(emulator, id_file, key_file, ice) + "cache: { ttl: forever }\n");
  ASSERT_EQ(::kill(process.pid(), SIGHUP), 0);
  process.wait_for_line(std::regex(R"(reload refused.*cache\.ttl)"));
  EXPECT_EQ(sources().size(), 2u);
  EXPECT_NE(http_get(port, "/metrics").body.find("\nquotagw_config_reload_success 0\n"), std::string::npos);

  // Removing an account: gone from answers, from `account=` and from the exporter.
  const std::string only_ice = "listen: 127.0.0.1:0\nlog: { level: info, format: json }\nclient_limits: { enabled: false }\n"
                               "history: { enabled: false }\naccounts:\n" + ice;
  write(path, only_ice);
  ASSERT_EQ(::kill(process.pid(), SIGHUP), 0);
  ASSERT_TRUE(wait_until([&] { return sources() == std::vector<std::string>{"rtc-test"}; }));
  EXPECT_EQ(http_get(port, "/quotas?account=live-test").status, 400u);
  const auto scrape = http_get(port, "/metrics").body;
  // The quota and source families follow the accounts in force (the request counters of the
  // process keep their history, as counters do).
  for (const char* family : {"quotagw_source_up{", "quotagw_package_info{", "quotagw_source_records{"}) {
    ASSERT_NE(scrape.find(std::string("\n") + family), std::string::npos) << family;  // rtc-test's
    for (auto at = scrape.find(std::string("\n") + family); at != std::string::npos;
         at = scrape.find(std::string("\n") + family, at + 1)) {
      EXPECT_EQ(scrape.substr(at, scrape.find('\n', at + 1) - at).find("live-test"), std::string::npos) << family;
    }
  }
  EXPECT_NE(scrape.find("\nquotagw_config_reload_success 1\n"), std::string::npos);
}

}  // namespace

namespace {

using namespace qg::test;

// Issue 24.2: revoking by reload fails closed. Emptying or deleting api_keys_file used to be
// refused as a bad configuration, so the revoked key kept working.
TEST(ReloadE2E, EmptyingOrDeletingTheKeyFileRevokesEveryKeyUntilKeysComeBack) {
  Emulator emulator;
  const std::string id_file = write_temp_file(kTencentId, ".id");
  const std::string key_file = write_temp_file(kTencentKey, ".key");
  const std::string keys = write_temp_file("revoked-api-key-0123456789\n", ".keys");
  Gateway gateway(config(emulator, id_file, key_file, "", "auth: { api_keys_file: " + keys + " }\n"));
  gateway.wait_ready();
  const Headers first{{"X-API-Key", "revoked-api-key-0123456789"}}, second{{"X-API-Key", "second-api-key-0123456789"}};
  EXPECT_EQ(gateway.get("/quotas?page_size=1", first).status, 200u);

  write(keys, "# every key revoked\n");
  ASSERT_TRUE(wait_until([&] { return gateway.get("/quotas?page_size=1", first).status == 401; }));
  const auto refused = gateway.get("/quotas?page_size=1", first);
  EXPECT_NE(refused.body.find("revoked"), std::string::npos) << refused.body;
  EXPECT_EQ(gateway.get("/quotas?page_size=1").status, 401u);  // no key: not served either
  EXPECT_EQ(gateway.get("/healthz").status, 200u);              // probes stay public

  write(keys, "second-api-key-0123456789\n");
  ASSERT_TRUE(wait_until([&] { return gateway.get("/quotas?page_size=1", second).status == 200; }));
  EXPECT_EQ(gateway.get("/quotas?page_size=1", first).status, 401u);

  ASSERT_EQ(std::remove(keys.c_str()), 0);
  ASSERT_TRUE(wait_until([&] { return gateway.get("/quotas?page_size=1", second).status == 401; }));
  gateway.process().wait_for_line(std::regex(R"(no API key is in force.*api_keys_file .* cannot be opened)"));
  write(keys, "second-api-key-0123456789\n");
  ASSERT_TRUE(wait_until([&] { return gateway.get("/quotas?page_size=1", second).status == 200; }));
}

// A reload without the auth: section keeps denying; only `auth: { enabled: false }` switches
// authentication off, with a warning. A reload refused for another reason still revokes the keys
// it no longer lists, and adds none.
TEST(ReloadE2E, AuthenticationGoesOffOnlyWhenSaidSoAndARefusedReloadStillRevokes) {
  Emulator emulator;
  const std::string id_file = write_temp_file(kTencentId, ".id");
  const std::string key_file = write_temp_file(kTencentKey, ".key");
  const std::string with_keys = "auth: { api_keys: [kept-api-key-0123456789, dropped-api-key-0123456789] }\n";
  const std::string path = write_temp_file(config(emulator, id_file, key_file, "", with_keys));
  ChildProcess process(binary_path("quota-gateway"), {"--config", path});
  const auto port = wait_for_port(process);
  process.wait_for_line(std::regex(R"("msg":"ready")"));
  const Headers kept{{"X-API-Key", "kept-api-key-0123456789"}}, dropped{{"X-API-Key", "dropped-api-key-0123456789"}},
      added{{"X-API-Key", "added-api-key-0123456789"}};
  auto status = [&](const Headers& h) { return http_get(port, "/quotas?page_size=1", h).status; };
  EXPECT_EQ(status(dropped), 200u);

  // Refused (a bad cache.ttl), yet the key it no longer lists stops working; the new one waits.
  write(path, config(emulator, id_file, key_file, "",
                     "auth: { api_keys: [kept-api-key-0123456789, added-api-key-0123456789] }\ncache: { ttl: forever }\n"));
  ASSERT_EQ(::kill(process.pid(), SIGHUP), 0);
  process.wait_for_line(std::regex(R"(those are revoked now)"));
  EXPECT_EQ(status(dropped), 401u);
  EXPECT_EQ(status(added), 401u);
  EXPECT_EQ(status(kept), 200u);

  // The section removed: not "authentication off" but every key revoked.
  write(path, config(emulator, id_file, key_file));
  ASSERT_EQ(::kill(process.pid(), SIGHUP), 0);
  process.wait_for_line(std::regex(R"(no API key is in force.*auth section was removed)"));
  EXPECT_EQ(status(kept), 401u);
  EXPECT_EQ(status({}), 401u);

  // Said explicitly: off, with a warning.
  write(path, config(emulator, id_file, key_file, "", "auth: { enabled: false }\n"));
  ASSERT_EQ(::kill(process.pid(), SIGHUP), 0);
  process.wait_for_line(std::regex(R"("level":"warn.*authentication switched off by auth\.enabled: false)"));
  EXPECT_EQ(status({}), 200u);
}

}  // namespace
