// Two replicas sharing a real redis-server behave like one gateway: one upstream fetch per
// account, one 20/s budget at Tencent; Redis going away fails nothing; its return resumes sharing.

#include <atomic>
#include <csignal>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "tests/e2e/e2e_support.hpp"
#include "tests/support/redis_server.hpp"

namespace {

using namespace qg::test;
using namespace std::chrono_literals;

// Tests that count upstream calls need every Redis command to succeed: one timed-out command
// makes the client fail fast for a second, and the replica then (correctly) fetches on its own.
// So they give Redis a timeout no loaded sanitizer run reaches; the Redis-down test, which
// wants failures to be quick, keeps a short one.
constexpr const char* kPatientTimeout = "3s";
constexpr const char* kQuickTimeout = "200ms";

GatewayOptions shared_options(const RedisServer& redis, const std::string& extra = "",
                              const char* timeout = kPatientTimeout) {
  GatewayOptions o;
  o.extra_yaml = "redis: { url: \"" + redis.url() + "\", timeout: " + timeout + ", local_share: 0.5 }\n" + extra;
  return o;
}

// A replica's /metrics lines about Redis, upstream calls and the cache, printed when a sharing
// assertion fails so the report says whether Redis timed out (fallbacks) or sharing broke.
std::string redis_metrics(Gateway& g) {
  const auto body = g.get("/metrics").body;
  std::string out;
  std::size_t pos = 0;
  while (pos < body.size()) {
    auto end = body.find('\n', pos);
    if (end == std::string::npos) end = body.size();
    const auto line = body.substr(pos, end - pos);
    for (const char* prefix : {"quotagw_redis", "quotagw_upstream_requests_total", "quotagw_upstream_retries_total",
                               "quotagw_cache_requests_total"}) {
      if (line.starts_with(prefix)) out += "  " + line + "\n";
    }
    pos = end + 1;
  }
  return "port " + std::to_string(g.port()) + ":\n" + out;
}

// The Redis operations a replica fell back on locally, all of them together, from its /metrics.
double redis_fallbacks(const std::string& body) {
  const std::string name = "quotagw_redis_fallbacks_total{";
  double sum = 0;
  for (auto at = body.find("\n" + name); at != std::string::npos; at = body.find("\n" + name, at + 1)) {
    const auto value = body.find("} ", at);
    sum += std::stod(body.substr(value + 2, body.find('\n', value) - value - 2));
  }
  return sum;
}

std::string str(const boost::json::value& v) { return std::string(v.as_string()); }

void burst(std::vector<std::uint16_t> ports, int per_port, std::atomic<int>& failures) {
  std::vector<std::thread> threads;
  for (auto port : ports) {
    for (int i = 0; i < per_port; ++i) {
      threads.emplace_back([port, &failures] {
        auto r = http_get(port, "/quotas?page_size=1");
        if (r.status != 200 || r.header("X-Quota-Complete") != "true") ++failures;
      });
    }
  }
  for (auto& t : threads) t.join();
}

TEST(RedisE2E, ColdBurstOverTwoReplicasFetchesEachAccountOnce) {
  QG_REQUIRE_REDIS();
  RedisServer redis;
  Emulator emulator({"--latency-ms", "300"});
  Gateway a(emulator, shared_options(redis));
  Gateway b(emulator, shared_options(redis));
  std::atomic<int> failures{0};
  burst({a.port(), b.port()}, 60, failures);
  a.wait_ready();
  b.wait_ready();
  const auto why = redis_metrics(a) + redis_metrics(b);
  EXPECT_EQ(failures, 0) << why;
  EXPECT_EQ(emulator.calls("tencent-live"), 7) << why;  // 3 + 2 + 2 pages, once for both replicas
  EXPECT_EQ(emulator.calls("alibaba-ice"), 3) << why;
  EXPECT_EQ(emulator.calls("alibaba-aicontent"), 1) << why;  // 60 records, 100 a page
}

TEST(RedisE2E, WhatReplicaAFetchedReplicaBServesWithoutAnUpstreamCall) {
  QG_REQUIRE_REDIS();
  RedisServer redis;
  Emulator emulator;
  Gateway a(emulator, shared_options(redis));
  a.wait_ready();
  const auto before = emulator.stats().at("apis");
  auto from_a = a.get("/quotas?page_size=3&sort=id");
  Gateway b(emulator, shared_options(redis));
  b.wait_ready();
  auto from_b = b.get("/quotas?page_size=3&sort=id");
  ASSERT_EQ(from_b.status, 200u);
  EXPECT_EQ(emulator.stats().at("apis"), before) << redis_metrics(a) << redis_metrics(b);  // B never called upstream
  const auto body_a = from_a.json(), body_b = from_b.json();
  EXPECT_EQ(body_a.at("items"), body_b.at("items"));
  EXPECT_EQ(str(source_of(body_b, "live-test").at("fetched_at")), str(source_of(body_a, "live-test").at("fetched_at")));
}

// Both replicas run a refresher; between them they fetch each account once per ttl, and both
// serve the refreshed set.
TEST(RedisE2E, TwoReplicasRefreshEachAccountOnceBetweenThem) {
  QG_REQUIRE_REDIS();
  RedisServer redis;
  Emulator emulator;
  GatewayOptions options = shared_options(redis, "cache: { ttl: 2s, stale_while_revalidate: 1s }\n");
  options.ice = options.aicontent = false;
  Gateway a(emulator, options);
  Gateway b(emulator, options);
  a.wait_ready();
  b.wait_ready();
  const auto at_start = emulator.calls("tencent-live");
  constexpr std::int64_t kCallsPerFetch = 7;
  // Five refreshes after the shared start-up fetch: one refresher between them takes a ttl (2 s)
  // for each, two independent ones would begin fetches close together.
  ASSERT_TRUE(wait_until([&] { return emulator.calls("tencent-live") >= at_start + 5 * kCallsPerFetch; }, 60s));
  EXPECT_TRUE(fetches_within_refresh_budget(emulator.call_times_ms("tencent-live"), kCallsPerFetch, 2s))
      << redis_metrics(a) << redis_metrics(b);
  const auto from_a = a.get("/quotas?page_size=1"), from_b = b.get("/quotas?page_size=1");
  EXPECT_EQ(source_of(from_a.json(), "live-test").at("upstream_calls").as_int64(), 0);
  EXPECT_EQ(source_of(from_b.json(), "live-test").at("upstream_calls").as_int64(), 0);
}

TEST(RedisE2E, RefreshFloodOverBothReplicasStaysWithinTheSharedRefreshBudget) {
  QG_REQUIRE_REDIS();
  RedisServer redis;
  Emulator emulator;
  GatewayOptions options = shared_options(redis, "request_deadline: 10s\nrefresh: { enabled: false }\n");
  options.ice = options.aicontent = false;
  Gateway a(emulator, options);
  Gateway b(emulator, options);
  a.wait_ready();
  b.wait_ready();
  emulator.reset();  // the flood's calls only
  std::atomic<bool> stop{false};
  std::atomic<int> incomplete{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([&, c] {
      const auto port = c % 2 ? a.port() : b.port();
      while (!stop) {
        auto r = http_get(port, "/quotas?refresh=true&page_size=1");
        if (r.status != 200 || r.header("X-Quota-Complete") != "true") ++incomplete;
      }
    });
  }
  // Refreshes that get through are fetches of 7 calls: 40 calls press on the budget for seconds.
  const bool enough = wait_until([&] {
    return emulator.calls("tencent-live") >= 40;
  }, std::chrono::seconds(60));
  stop = true;
  for (auto& t : clients) t.join();
  ASSERT_TRUE(enough);
  EXPECT_EQ(incomplete, 0);
  const auto stats = emulator.api_stats("tencent-live");
  // One refresh budget for the account across both replicas: 20/s × refresh.budget_share 0.5
  // (two budgets of their own would allow twice that).
  EXPECT_LE(stats.at("max_in_any_1s_window").to_number<std::int64_t>(), 10);
  EXPECT_FALSE(stats.at("errors").as_object().contains("RequestLimitExceeded"));
}

TEST(RedisE2E, RedisDownFailsNothingAndSharingResumesWhenItReturns) {
  QG_REQUIRE_REDIS();
  RedisServer redis;
  Emulator emulator;
  Gateway a(emulator, shared_options(redis, "cache: { ttl: 60s }\n", kQuickTimeout));
  Gateway b(emulator, shared_options(redis, "cache: { ttl: 60s }\n", kQuickTimeout));
  a.wait_ready();
  b.wait_ready();
  redis.stop();
  std::atomic<int> failures{0};
  for (int round = 0; round < 3; ++round) {
    for (auto port : {a.port(), b.port()}) {
      for (const char* target : {"/quotas?page_size=2", "/quotas?refresh=true&page_size=2"}) {
        auto r = http_get(port, target);
        if (r.status != 200 || r.header("X-Quota-Complete") != "true") ++failures;
      }
    }
  }
  EXPECT_EQ(failures, 0);
  EXPECT_NE(a.get("/metrics").body.find("quotagw_redis_up 0"), std::string::npos);
  EXPECT_NE(a.process().output().find("redis is unreachable"), std::string::npos);

  redis.start();
  // The client retries Redis at most once a second; keep refreshing until A is sharing again and
  // one refresh went through Redis without a fallback: every account's set is then stored in the
  // restarted Redis (a command past A's quick timeout on a loaded machine would have left one out).
  ASSERT_TRUE(wait_until([&] {
    const double fallbacks = redis_fallbacks(a.get("/metrics").body);
    const auto r = http_get(a.port(), "/quotas?refresh=true&page_size=1");
    const auto metrics = a.get("/metrics").body;
    return r.status == 200 && r.header("X-Quota-Complete") == "true" &&
           metrics.find("quotagw_redis_up 1") != std::string::npos && redis_fallbacks(metrics) == fallbacks;
  }, 15s)) << redis_metrics(a);
  const auto before = emulator.stats().at("apis");
  Gateway c(emulator, shared_options(redis, "cache: { ttl: 60s }\n"));
  c.wait_ready();
  EXPECT_EQ(emulator.stats().at("apis"), before);  // the new replica was served from Redis
  EXPECT_NE(a.process().output().find("redis is back"), std::string::npos);
}

}  // namespace
