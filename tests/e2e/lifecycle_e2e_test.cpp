// Process lifecycle: graceful drain on SIGTERM, demo mode, and that no configured secret ever
// appears in anything the gateway prints.

#include <csignal>
#include <future>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "tests/e2e/e2e_support.hpp"

namespace {

using namespace qg::test;

TEST(LifecycleE2E, SigtermFinishesTheRequestInFlightThenExitsZero) {
  Emulator emulator;
  GatewayOptions options;
  options.ice = options.aicontent = false;
  Gateway gateway(emulator, options);
  gateway.wait_ready();
  const auto before = emulator.calls("tencent-live");
  emulator.faults(R"({"api":"tencent-live","latency_ms":800})");
  // A refresh makes the request itself call upstream: once the emulator sees that call, the
  // request is certainly in flight inside the gateway.
  auto in_flight = std::async(std::launch::async, [&] { return http_get(gateway.port(), "/quotas?refresh=true"); });
  ASSERT_TRUE(wait_until([&] { return emulator.calls("tencent-live") > before; }));
  ::kill(gateway.process().pid(), SIGTERM);
  const auto response = in_flight.get();
  EXPECT_EQ(response.status, 200u) << response.error;
  EXPECT_EQ(response.header("X-Quota-Complete"), "true");
  EXPECT_EQ(gateway.process().wait_exit(std::chrono::seconds(30)), 0);
  EXPECT_NE(gateway.process().output().find("shutting down"), std::string::npos);
}

TEST(LifecycleE2E, SigtermTurnsReadinessOffBeforeTheListenerCloses) {
  Emulator emulator;
  GatewayOptions options;
  // The listener stays open this long after SIGTERM: ample for the two requests below, which are
  // sent once the gateway says it is no longer ready.
  options.extra_yaml = "shutdown_delay: 5s\n";
  Gateway gateway(emulator, options);
  gateway.wait_ready();
  EXPECT_EQ(gateway.get("/readyz").status, 200u);
  ::kill(gateway.process().pid(), SIGTERM);
  gateway.process().wait_for_line(std::regex(R"("msg":"not ready; draining starts after the shutdown delay")"));
  EXPECT_EQ(gateway.get("/readyz", {{"X-Request-Id", "readyz-after-sigterm"}}).status, 503u);
  EXPECT_EQ(gateway.get("/healthz").status, 200u);  // alive, just not ready
  EXPECT_EQ(gateway.process().wait_exit(std::chrono::seconds(30)), 0);
  // In that order: not ready, the 503 served, then the listener closed.
  const auto log = gateway.process().output();
  const auto not_ready = log.find("not ready; draining starts"), answered = log.find("readyz-after-sigterm"),
             draining = log.find("shutting down: draining connections");
  ASSERT_NE(answered, std::string::npos) << log;
  EXPECT_LT(not_ready, answered);
  EXPECT_LT(answered, draining);
}

TEST(LifecycleE2E, DemoModeServesSimulatedDataAndSaysSoLoudly) {
  ChildProcess demo(binary_path("quota-gateway"), {"--listen", "127.0.0.1:0"});
  const auto port = wait_for_port(demo);
  demo.wait_for_line(std::regex(R"("msg":"ready")"));
  auto r = http_get(port, "/quotas?page_size=3");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.json().as_object().at("sources").as_array().size(), 3u);
  EXPECT_NE(demo.output().find("DEMO MODE"), std::string::npos);
  EXPECT_NE(demo.output().find("SIMULATED"), std::string::npos);
  // Pools with a forecast from the start: the simulated history of the emulated clouds' burn.
  const auto pools = http_get(port, "/pools?exhausts_before=3650d").json().as_object();
  EXPECT_GE(pools.at("total_items").as_int64(), 1) << boost::json::serialize(pools);
  EXPECT_NE(demo.output().find("usage history starts with SIMULATED samples"), std::string::npos);
  EXPECT_EQ(demo.stop(SIGINT), 0);
}

TEST(LifecycleE2E, NoConfiguredSecretAppearsInAnyOutput) {
  Emulator emulator({"--tencent-credential", "AKIDsecretcheck:tc-secret-value-7d1f",
                     "--alibaba-credential", "LTAIsecretcheck:ali-secret-value-93ab"});
  const std::string config = R"(listen: 127.0.0.1:0
log: { level: debug, format: json }
auth: { api_keys: ["${GW_KEY}"] }
accounts:
  - { name: live, provider: tencent-live, endpoint: )" + emulator.url() + R"(, secret_id: AKIDsecretcheck, secret_key: "${TC_KEY}" }
  - { name: rtc, provider: alibaba-ice, region: cn-shanghai, endpoint: )" + emulator.url() + R"(, access_key_id: LTAIsecretcheck, access_key_secret: "${ALI_KEY}" }
  - { name: bad, provider: alibaba-aicontent, endpoint: )" + emulator.url() + R"(, access_key_id: LTAIsecretcheck, access_key_secret: wrong-secret-value-55c2 }
)";
  Gateway gateway(config, {{"GW_KEY", "api-key-value-4e8a"}, {"TC_KEY", "tc-secret-value-7d1f"}, {"ALI_KEY", "ali-secret-value-93ab"}});
  gateway.wait_ready();
  auto denied = gateway.get("/quotas", {{"Authorization", "Bearer wrong-key-value-0b1c"}});
  EXPECT_EQ(denied.status, 401u);
  auto r = gateway.get("/quotas?refresh=true", {{"X-API-Key", "api-key-value-4e8a"}});
  EXPECT_EQ(r.status, 200u);
  auto csv = gateway.get("/quotas?format=csv&include=raw", {{"Authorization", "Bearer api-key-value-4e8a"}});
  EXPECT_EQ(csv.status, 200u);
  gateway.process().stop(SIGTERM);
  const std::string everything = gateway.process().output() + r.body + csv.body + denied.body;
  for (const char* secret : {"tc-secret-value-7d1f", "ali-secret-value-93ab", "api-key-value-4e8a",
                             "wrong-secret-value-55c2", "wrong-key-value-0b1c"}) {
    EXPECT_EQ(everything.find(secret), std::string::npos) << secret << " leaked";
  }
}

}  // namespace
