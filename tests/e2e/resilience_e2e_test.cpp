// Cache, pacing, retries, deadlines and partial answers over real sockets, asserted on the
// emulator's own request counters.

#include <atomic>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "tests/e2e/e2e_support.hpp"

namespace {

using namespace qg::test;
using namespace std::chrono_literals;
namespace json = boost::json;

std::string str(const json::value& v) { return std::string(v.as_string()); }

TEST(ResilienceE2E, TwoHundredConcurrentColdRequestsFetchEachAccountOnce) {
  // Latency keeps the first fetch in flight while all 200 requests arrive; they and the
  // start-up warm-up all share that one fetch.
  Emulator emulator({"--latency-ms", "300"});
  Gateway cold(emulator);
  for (const auto& r : concurrent_gets(cold.port(), 200, "/quotas?page_size=1")) EXPECT_EQ(r.status, 200u);
  cold.wait_ready();
  // Tencent: 230 + 150 + 120 packages at 100 a page = 3 + 2 + 2 pages; ICE 120 at 50 = 3;
  // AIContent 60 at 100 = 1. Each page exactly once for one cold gateway, however many clients.
  EXPECT_EQ(emulator.calls("tencent-live"), 7);
  EXPECT_EQ(emulator.calls("alibaba-ice"), 3);
  EXPECT_EQ(emulator.calls("alibaba-aicontent"), 1);
}

TEST(ResilienceE2E, FlakyUpstreamStillGivesCompleteAnswers) {
  Emulator emulator;
  emulator.faults(R"({"api":"tencent-live","fail_every":3,"fail_code":"InternalError"})");
  emulator.faults(R"({"api":"alibaba-ice","fail_every":3,"fail_code":"ServiceUnavailable"})");
  GatewayOptions options;
  options.extra_yaml = "retry: { max_attempts: 4, base_delay: 10ms, max_delay: 50ms }\n";
  Gateway gateway(emulator, options);
  for (int i = 0; i < 3; ++i) {
    auto r = gateway.get("/quotas?refresh=true&page_size=1");
    ASSERT_EQ(r.status, 200u) << r.body;
    EXPECT_EQ(r.header("X-Quota-Complete"), "true") << r.body;
  }
  const auto errors = emulator.api_stats("tencent-live").at("errors").as_object();
  EXPECT_GT(errors.at("InternalError").to_number<std::int64_t>(), 0);  // failures happened and were absorbed
}

TEST(ResilienceE2E, AuthFailureIsNotRetried) {
  Emulator emulator;
  emulator.faults(R"({"api":"alibaba-aicontent","fail_every":1,"fail_code":"InvalidAccessKeyId.NotFound","fail_status":404})");
  GatewayOptions options;
  options.tencent = options.ice = false;
  Gateway gateway(emulator, options);
  gateway.wait_ready();
  EXPECT_EQ(emulator.calls("alibaba-aicontent"), 1);
}

TEST(ResilienceE2E, HangingUpstreamAnswersAtTheClientsDeadline) {
  Emulator emulator;
  emulator.faults(R"({"api":"alibaba-ice","hang":true})");
  // The configured deadlines are far beyond the test client's patience (15 s): an answer at all
  // means the client's Request-Timeout (1 s) was the deadline that fired.
  Gateway gateway(emulator, GatewayOptions{.extra_yaml = "request_deadline: 10m\nretry: { attempt_timeout: 10m }\n"});
  auto r = gateway.get("/quotas?page_size=1", {{"Request-Timeout", "1"}});
  ASSERT_EQ(r.status, 200u) << r.error << r.body;
  EXPECT_EQ(r.header("X-Quota-Complete"), "false");
  const auto body = r.json();
  const auto ice = source_of(body, "rtc-test");
  EXPECT_EQ(str(ice.at("status")), "error");
  EXPECT_EQ(str(ice.at("error").as_object().at("kind")), "timeout");
  EXPECT_NE(str(ice.at("error").as_object().at("detail")).find("before the request deadline"), std::string::npos)
      << json::serialize(ice);
  EXPECT_EQ(str(source_of(body, "live-test").at("status")), "ok");
}

TEST(ResilienceE2E, OneProviderDownServesTheOthersAndItsLastGoodDataAsStale) {
  Emulator emulator;
  GatewayOptions options;
  options.extra_yaml = "cache: { ttl: 1s, stale_while_revalidate: 0s, stale_if_error: 1h }\n"
                       "retry: { max_attempts: 2, base_delay: 10ms, max_delay: 20ms }\n";
  Gateway gateway(emulator, options);
  gateway.wait_ready();
  emulator.faults(R"({"api":"tencent-live","fail_every":1,"fail_code":"InternalError"})");
  auto r = gateway.get("/quotas?refresh=true&page_size=1");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("X-Quota-Complete"), "false");
  EXPECT_EQ(r.header("X-Quota-Sources-Failed"), "live-test");
  EXPECT_EQ(r.header("Cache-Control"), "private, max-age=0");
  const auto body = r.json();
  const auto tencent = source_of(body, "live-test");
  EXPECT_EQ(str(tencent.at("status")), "stale");
  EXPECT_GT(tencent.at("items").to_number<std::int64_t>(), 0);
  EXPECT_EQ(str(tencent.at("error").as_object().at("provider_code")), "InternalError");
  EXPECT_EQ(body.at("total_items").as_int64(), 680);  // nothing lost
}

TEST(ResilienceE2E, RefreshFloodNeverPassesTwentyPerSecondAtTencent) {
  Emulator emulator;
  GatewayOptions options;
  options.ice = options.aicontent = false;
  // The refresh budget at the whole limit, so that clients' refreshes press on the account's own
  // pacing (at the default share they stop at half of it: bounded_e2e_test).
  options.extra_yaml = "request_deadline: 10s\nrefresh: { budget_share: 1.0 }\n";
  Gateway gateway(emulator, options);
  gateway.wait_ready();
  std::atomic<bool> stop{false};
  std::atomic<int> incomplete{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([&] {
      while (!stop) {
        auto r = http_get(gateway.port(), "/quotas?refresh=true&page_size=1");
        if (r.status != 200 || r.header("X-Quota-Complete") != "true") ++incomplete;
      }
    });
  }
  const auto at_start = emulator.calls("tencent-live");
  const bool reached = wait_until([&] {
    return emulator.calls("tencent-live") >= at_start + 40;  // the flood really reached upstream
  }, std::chrono::seconds(60));
  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_TRUE(reached);
  EXPECT_EQ(incomplete, 0);
  const auto stats = emulator.api_stats("tencent-live");
  EXPECT_GE(stats.at("calls").to_number<std::int64_t>(), 30);  // the flood really reached upstream
  ASSERT_FALSE(stats.at("credentials").as_object().empty());
  for (const auto& [id, cred] : stats.at("credentials").as_object()) {
    EXPECT_LE(cred.as_object().at("max_in_any_1s_window").to_number<std::int64_t>(), 20) << id;
  }
  EXPECT_FALSE(stats.at("errors").as_object().contains("RequestLimitExceeded"));
}

}  // namespace
