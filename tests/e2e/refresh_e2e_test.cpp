// Between requests: with no client traffic the gateway keeps every account fresh by itself within
// its budget, /metrics follows the cloud, a /quotas after that is served without an upstream call
// of its own, pollers get a 304 across refreshes that changed nothing, and max_age reflects a
// change at once.

#include <regex>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "tests/e2e/e2e_support.hpp"

namespace {

using namespace qg::test;
using namespace std::chrono_literals;

constexpr std::int64_t kCallsPerFetch = 7;  // Tencent: 3 + 2 + 2 pages of the default dataset

GatewayOptions tencent_only(const std::string& cache) {
  GatewayOptions o;
  o.ice = o.aicontent = false;
  o.extra_yaml = cache;
  return o;
}

// A traffic package in use that /metrics exports (not expired).
std::string package_in_use(Gateway& gateway) {
  const auto pick = gateway.get("/quotas?kind=live-traffic&status=active&expires_after=now&min_remaining=1000000&page_size=1");
  return std::string(pick.json().at("items").as_array().at(0).at("id").as_string());
}

// That package as the emulator serves it now.
boost::json::object native(Emulator& emulator, const std::string& id) {
  const auto dataset = emulator.dataset();
  for (const auto& p : dataset.at("tencent_live").as_array()[0].as_array()) {
    if ("tencent-live:live-test:" + std::string(p.at("Id").as_string()) == id) return p.as_object();
  }
  ADD_FAILURE() << "no package " << id;
  return {};
}

std::string remaining_series(const boost::json::object& package) {
  return "quotagw_package_remaining_bytes{package_id=\"tencent-live:live-test:" +
         std::string(package.at("Id").as_string()) + "\"} ";
}

double metric(const std::string& body, const std::string& series) {
  const auto at = body.find(series);
  if (at == std::string::npos) return -1;
  return std::stod(body.substr(at + series.size(), body.find('\n', at) - at - series.size()));
}

TEST(RefreshE2E, WithoutClientTrafficMetricsFollowTheCloudWithinTheBudget) {
  Emulator emulator;
  Gateway gateway(emulator, tencent_only("cache: { ttl: 2s, stale_while_revalidate: 1s }\n"));
  gateway.wait_ready();
  const auto calls_at_start = emulator.calls("tencent-live");
  EXPECT_EQ(calls_at_start, kCallsPerFetch);

  const auto id = package_in_use(gateway);  // the only /quotas request until the end
  const auto before = native(emulator, id);
  emulator.usage(R"({"api":"tencent-live","consume":0.05})");
  const auto after = native(emulator, id);
  ASSERT_EQ(after.at("Id"), before.at("Id"));
  ASSERT_LT(after.at("Left").as_int64(), before.at("Left").as_int64());
  const auto series = remaining_series(after);
  const double success_before = metric(gateway.get("/metrics").body,
                                       "quotagw_source_last_success_timestamp_seconds{account=\"live-test\",provider=\"tencent-live\"} ");
  // No /quotas request at all: the exporter must see the change on its own.
  ASSERT_TRUE(wait_until([&] { return metric(gateway.get("/metrics").body, series) == static_cast<double>(after.at("Left").as_int64()); }))
      << gateway.get("/metrics").body.substr(0, 2000);
  const double success_after = metric(gateway.get("/metrics").body,
                                      "quotagw_source_last_success_timestamp_seconds{account=\"live-test\",provider=\"tencent-live\"} ");
  EXPECT_GT(success_after, success_before);

  // Within the budget: one full fetch per ttl (2 s), over three refreshes on the emulator's clock.
  ASSERT_TRUE(wait_until([&] { return emulator.calls("tencent-live") >= calls_at_start + 3 * kCallsPerFetch; }, 60s));
  EXPECT_TRUE(fetches_within_refresh_budget(emulator.call_times_ms("tencent-live"), kCallsPerFetch, 2s));

  // The next /quotas is served from the refreshed set, with no upstream call of its own.
  const auto answer = gateway.get("/quotas?page_size=1");
  ASSERT_EQ(answer.status, 200u);
  const auto source = source_of(answer.json(), "live-test");
  EXPECT_EQ(source.at("status").as_string(), "ok");
  EXPECT_EQ(source.at("upstream_calls").as_int64(), 0);
}

TEST(RefreshE2E, PollersGetA304AcrossRefreshesThatChangedNothingAndNewDataAfterAChange) {
  Emulator emulator;
  Gateway gateway(emulator, tencent_only("cache: { ttl: 2s, stale_while_revalidate: 1s }\n"));
  gateway.wait_ready();
  const auto first = gateway.get("/quotas?page_size=5");
  ASSERT_EQ(first.status, 200u);
  const auto etag = first.header("ETag");
  ASSERT_TRUE(etag.starts_with("W/\"")) << etag;
  const auto calls = emulator.calls("tencent-live");
  ASSERT_TRUE(wait_until([&] { return emulator.calls("tencent-live") >= calls + kCallsPerFetch; }));  // a refresh
  const auto again = gateway.get("/quotas?page_size=5", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304u) << again.body.substr(0, 300);
  EXPECT_EQ(again.header("ETag"), etag);

  emulator.usage(R"({"api":"tencent-live","consume":0.05})");
  ASSERT_TRUE(wait_until([&] { return gateway.get("/quotas?page_size=5", {{"If-None-Match", etag}}).status == 200u; }));
  EXPECT_NE(gateway.get("/quotas?page_size=5").header("ETag"), etag);
}

TEST(RefreshE2E, MaxAgeReflectsAChangeAtOnceAndIsValidated) {
  Emulator emulator;
  Gateway gateway(emulator, tencent_only("cache: { ttl: 1h }\n"));
  gateway.wait_ready();
  const auto id = package_in_use(gateway);
  const auto package = native(emulator, id);
  emulator.usage(R"({"api":"tencent-live","consume":0.05})");
  const auto changed = native(emulator, id);
  const auto cached = gateway.get("/quotas?q=" + id + "&fields=remaining");
  EXPECT_EQ(cached.json().at("items").as_array()[0].at("remaining").as_int64(), package.at("Left").as_int64());
  const auto fresh = gateway.get("/quotas?q=" + id + "&fields=remaining&max_age=0");
  ASSERT_EQ(fresh.status, 200u);
  EXPECT_EQ(fresh.json().at("items").as_array()[0].at("remaining").as_int64(), changed.at("Left").as_int64());
  EXPECT_GT(source_of(fresh.json(), "live-test").at("upstream_calls").as_int64(), 0);
  for (const char* bad : {"max_age=-1", "max_age=soon", "max_age=1.5", "max_age=100000"}) {
    const auto r = gateway.get(std::string("/quotas?") + bad);
    EXPECT_EQ(r.status, 400u) << bad;
    EXPECT_EQ(r.json().at("invalid_params").as_array()[0].at("name").as_string(), "max_age") << bad;
  }
}

}  // namespace
