// Usage history and forecasts against a real emulator whose packages burn at a steady rate:
// the rate and the exhaustion date of the package a pool is drawing on come out close to the
// truth (its date comes from the pool's simulation, gateway/pools), unused packages have no forecast,
// exhausts_before and the new sort keys work, the history endpoint answers (JSON, CSV, 404), the
// history survives a restart on the same file, and two replicas over Redis show the same history.


#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "adapters/common/time.hpp"
#include "tests/e2e/e2e_support.hpp"
#include "tests/support/redis_server.hpp"

namespace {

using namespace qg::test;
using namespace std::chrono_literals;

// Of each pool's total per hour, drawn one package at a time (POST /__emulator/usage).
constexpr double kPoolBurnPerHour = 0.00025;

std::string history_yaml(const std::string& path) {
  return "cache: { ttl: 1s, stale_while_revalidate: 1s }\nhistory: { path: " + path + ", min_span: 3s }\n";
}

GatewayOptions tencent_only(const std::string& yaml) {
  GatewayOptions o;
  o.ice = o.aicontent = false;
  o.extra_yaml = yaml;
  return o;
}

// A traffic package in use with a forecast, once the gateway has seen it burn for `samples` refreshes.
boost::json::object burning(Gateway& gateway, std::size_t samples) {
  boost::json::object found;
  const bool ok = poll_with_backoff(
      [&] {
        const auto r = gateway.get("/quotas?kind=live-traffic&status=active&exhausts_before=3650d&sort=id&page_size=1");
        if (r.status != 200 || r.json().at("items").as_array().empty()) return false;
        found = r.json().at("items").as_array()[0].as_object();
        const auto h = gateway.get("/quotas/" + std::string(found.at("id").as_string()) + "/history");
        return h.status == 200 && h.json().at("samples").as_array().size() >= samples;
      },
      60s);
  EXPECT_TRUE(ok) << "no burning package with a forecast and " << samples << " samples within 60 s";
  return ok ? found : boost::json::object{};
}

// The traffic package the pool is drawing on (the first in deduction order, from the pool's
// as_of), once the gateway has seen it burn for `samples` refreshes.
boost::json::object drained(Gateway& gateway, std::size_t samples) {
  boost::json::object found;
  const bool ok = poll_with_backoff(
      [&] {
        const auto pool = gateway.get("/pools/tencent-live:live-test:live-traffic:bytes");
        if (pool.status != 200) return false;
        const auto body = pool.json();
        const auto& p = body.as_object();
        for (const auto& m : p.at("members").as_array()) {
          if (m.at("drain_starts_at") != p.at("as_of")) continue;
          const std::string id(m.at("id").as_string());
          const auto h = gateway.get("/quotas/" + id + "/history");
          if (h.status != 200 || h.json().at("samples").as_array().size() < samples) return false;
          const auto answer = gateway.get("/quotas?q=" + id).json();
          found = answer.at("items").as_array()[0].as_object();
          // When its set was read: the forecast counts from there, not from this test's clock.
          found["fetched_at"] = source_of(answer, "live-test").at("fetched_at");
          return !found.at("burn_rate_per_day").is_null();
        }
        return false;
      },
      60s);
  EXPECT_TRUE(ok) << "no package being drawn on with a forecast";
  return found;
}

TEST(HistoryE2E, ASteadyBurnGivesItsRateAndExhaustionDateAndUnusedPackagesHaveNone) {
  Emulator emulator;
  const std::int64_t since = unix_now();
  emulator.usage(R"({"api":"tencent-live","pool_burn_per_hour":0.00025})");
  const double truth = traffic_pool_burn_per_day(emulator.dataset(), kPoolBurnPerHour, since);  // bytes per day
  GatewayOptions options;
  options.extra_yaml = history_yaml(write_temp_file("", ".db") + "-h.db");
  Gateway gateway(emulator, options);
  gateway.wait_ready();
  const auto package = drained(gateway, 8);
  ASSERT_FALSE(package.empty());
  const double rate = package.at("burn_rate_per_day").to_number<double>();
  EXPECT_NEAR(rate, truth, truth * 0.10) << boost::json::serialize(package);
  const double remaining = static_cast<double>(package.at("remaining").as_int64());
  const double now = static_cast<double>(*qg::adapters::parse_rfc3339(package.at("fetched_at").as_string()));
  const double expected = now + remaining / (truth / 86400.0);
  const double expires = static_cast<double>(*qg::adapters::parse_rfc3339(package.at("expires_at").as_string()));
  // Within 1 % of its expiry either outcome is right for a rate measured within 10 %: no check.
  if (expected - now < (expires - now) * 0.99) {
    // Used up before it expires: the date the truth gives.
    ASSERT_TRUE(package.at("projected_exhaustion_at").is_string()) << boost::json::serialize(package);
    const auto exhausts = qg::adapters::parse_rfc3339(package.at("projected_exhaustion_at").as_string());
    EXPECT_NEAR(static_cast<double>(*exhausts), expected, (expected - now) * 0.12 + 5);
  } else if (expected - now > (expires - now) * 1.01) {
    // It expires first, with something left: no date it runs out (its waste is in GET /pools).
    EXPECT_TRUE(package.at("projected_exhaustion_at").is_null()) << boost::json::serialize(package);
  }

  // ICE licenses report no usage; AIContent is not burning: no exhaustion date, AIContent flat at 0.
  const auto others = gateway.get("/quotas?provider=alibaba-ice,alibaba-aicontent&status=active&page_size=1000").json();
  ASSERT_FALSE(others.at("items").as_array().empty());
  for (const auto& item : others.at("items").as_array()) {
    EXPECT_TRUE(item.at("projected_exhaustion_at").is_null()) << boost::json::serialize(item);
    if (item.at("provider").as_string() == "alibaba-aicontent" && !item.at("burn_rate_per_day").is_null()) {
      EXPECT_EQ(item.at("burn_rate_per_day").to_number<double>(), 0.0);
    }
  }
  // The filter and the sort: only forecast packages, soonest first, nulls last.
  const auto soon = gateway.get("/quotas?exhausts_before=3650d&sort=projected_exhaustion_at&page_size=1000").json();
  ASSERT_FALSE(soon.at("items").as_array().empty());
  std::string previous;
  for (const auto& item : soon.at("items").as_array()) {
    ASSERT_TRUE(item.at("projected_exhaustion_at").is_string());
    const std::string at(item.at("projected_exhaustion_at").as_string());
    EXPECT_LE(previous, at);
    previous = at;
  }
  const auto by_rate = gateway.get("/quotas?sort=-burn_rate_per_day&page_size=1").json();
  EXPECT_EQ(by_rate.at("items").as_array()[0].at("provider").as_string(), "tencent-live");
  EXPECT_EQ(gateway.get("/quotas?exhausts_before=soon").status, 400u);
}

TEST(HistoryE2E, TheHistoryEndpointAnswersJsonCsvAndA404) {
  Emulator emulator;
  emulator.usage(R"({"api":"tencent-live","burn_per_hour":1.0})");
  Gateway gateway(emulator, tencent_only(history_yaml(write_temp_file("", ".db") + "-h.db")));
  gateway.wait_ready();
  const auto package = burning(gateway, 4);
  const std::string id(package.at("id").as_string());
  const auto json = gateway.get("/quotas/" + id + "/history").json().as_object();
  EXPECT_EQ(json.at("id").as_string(), id);
  EXPECT_EQ(json.at("unit").as_string(), "bytes");
  const auto& samples = json.at("samples").as_array();
  ASSERT_GE(samples.size(), 4u);
  for (std::size_t i = 1; i < samples.size(); ++i) {
    EXPECT_LT(samples[i - 1].at("at").as_string(), samples[i].at("at").as_string());
    EXPECT_GE(samples[i - 1].at("remaining").as_int64(), samples[i].at("remaining").as_int64());
  }
  EXPECT_FALSE(json.at("projected_exhaustion_at").is_null());
  const auto csv = gateway.get("/quotas/" + id + "/history?format=csv");
  EXPECT_EQ(csv.header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_TRUE(csv.body.starts_with("at,used,remaining,total\r\n")) << csv.body.substr(0, 80);
  const auto recent = gateway.get("/quotas/" + id + "/history?since=-1s").json();
  EXPECT_LT(recent.at("samples").as_array().size(), samples.size());
  const auto missing = gateway.get("/quotas/tencent-live:live-test:nope/history");
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(missing.header("Content-Type"), "application/problem+json");
  EXPECT_EQ(gateway.get("/quotas/" + id + "/history?since=yesterday").status, 400u);
}

TEST(HistoryE2E, TheHistorySurvivesARestartOnTheSameFile) {
  Emulator emulator;
  emulator.usage(R"({"api":"tencent-live","burn_per_hour":1.0})");
  const std::string file = write_temp_file("", ".db") + "-h.db";
  std::string id;
  std::size_t before = 0;
  {
    Gateway first(emulator, tencent_only(history_yaml(file)));
    first.wait_ready();
    id = std::string(burning(first, 4).at("id").as_string());
    before = first.get("/quotas/" + id + "/history").json().at("samples").as_array().size();
    EXPECT_EQ(first.process().stop(SIGTERM), 0);
  }
  Gateway second(emulator, tencent_only(history_yaml(file)));
  second.wait_ready();
  const auto after = second.get("/quotas/" + id + "/history").json();
  EXPECT_GE(after.at("samples").as_array().size(), before);
  // The forecast continues from the stored series at once, not after min_span of new samples.
  const auto record = second.get("/quotas?q=" + id + "&fields=projected_exhaustion_at").json();
  EXPECT_FALSE(record.at("items").as_array()[0].at("projected_exhaustion_at").is_null());
}

TEST(HistoryE2E, TwoReplicasOverRedisShowTheSameHistory) {
  QG_REQUIRE_REDIS();
  RedisServer redis;
  Emulator emulator;
  emulator.usage(R"({"api":"tencent-live","burn_per_hour":1.0})");
  const std::string yaml = "redis: { url: \"" + redis.url() + "\", timeout: 3s }\n" +
                           "cache: { ttl: 1s, stale_while_revalidate: 1s }\nhistory: { min_span: 3s }\n";
  Gateway a(emulator, tencent_only(yaml));
  Gateway b(emulator, tencent_only(yaml));
  a.wait_ready();
  b.wait_ready();
  const std::string id(burning(a, 4).at("id").as_string());
  const auto from_a = a.get("/quotas/" + id + "/history?since=-1h").json().at("samples");
  const auto from_b = b.get("/quotas/" + id + "/history?since=-1h").json().at("samples");
  ASSERT_GE(from_a.as_array().size(), 4u);
  // Both read the one shared store; a sample written between the two reads may show in b only.
  const auto& sa = from_a.as_array();
  const auto& sb = from_b.as_array();
  ASSERT_GE(sb.size(), sa.size());
  for (std::size_t i = 0; i < sa.size(); ++i) EXPECT_EQ(sa[i], sb[i]) << i;
}

}  // namespace
