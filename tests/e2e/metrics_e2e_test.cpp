// /metrics after a real run: valid Prometheus exposition (promtool check metrics), the gateway's
// own counters, and the quotas themselves as gauges built from the cache, in base units.

#include <cstdio>
#include <fstream>

#include <gtest/gtest.h>

#include "tests/e2e/e2e_support.hpp"

namespace {

using namespace qg::test;

double sample(const std::string& text, const std::string& series_prefix) {
  const auto at = text.find("\n" + series_prefix);
  if (at == std::string::npos) return -1;
  const auto line_end = text.find('\n', at + 1);
  const auto space = text.rfind(' ', line_end);
  return std::stod(text.substr(space + 1, line_end - space - 1));
}

TEST(MetricsE2E, ScrapeIsValidPrometheusAndExportsTheQuotas) {
  Emulator emulator;
  GatewayOptions options;
  options.alibaba_key = "wrong";  // one failing source, so errors show up too
  Gateway gateway(emulator, options);
  gateway.wait_ready();
  EXPECT_EQ(gateway.get("/quotas?page_size=1").status, 200u);
  for (int i = 0; i < 3; ++i) {  // warm, one source: its list is kept and handed out again
    EXPECT_EQ(gateway.get("/quotas?provider=tencent-live&page_size=1").status, 200u);
  }
  EXPECT_EQ(gateway.get("/quotas?page_size=0").status, 400u);
  EXPECT_EQ(gateway.get("/no/such/path").status, 404u);
  const auto calls_before = emulator.calls("tencent-live");
  auto scrape = gateway.get("/metrics");
  ASSERT_EQ(scrape.status, 200u);
  EXPECT_EQ(scrape.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(emulator.calls("tencent-live"), calls_before);  // a scrape never calls upstream
  const std::string& m = scrape.body;

  EXPECT_EQ(sample(m, R"(quotagw_http_requests_total{method="GET",route="/quotas",status="400"})"), 1);
  EXPECT_EQ(sample(m, R"(quotagw_http_requests_total{method="GET",route="unmatched",status="404"})"), 1);
  EXPECT_GT(sample(m, R"(quotagw_upstream_requests_total{account="live-test",outcome="ok",provider="tencent-live"})"), 0);
  EXPECT_GT(sample(m, R"(quotagw_upstream_requests_total{account="rtc-test",outcome="auth",provider="alibaba-ice"})"), 0);
  // Each warm answer counts a hit per source, also when its source list was kept.
  EXPECT_GE(sample(m, R"(quotagw_cache_requests_total{account="live-test",provider="tencent-live",result="hit"})"), 3);
  EXPECT_EQ(sample(m, R"(quotagw_source_up{account="live-test",provider="tencent-live"})"), 1);
  EXPECT_EQ(sample(m, R"(quotagw_source_up{account="rtc-test",provider="alibaba-ice"})"), 0);
  EXPECT_EQ(sample(m, R"(quotagw_source_records{account="live-test",provider="tencent-live"})"), 500);
  EXPECT_NE(m.find("quotagw_package_info{account=\"live-test\",auto_renew=\""), std::string::npos);
  EXPECT_NE(m.find(",package_id=\"tencent-live:live-test:"), std::string::npos);
  // Value series carry only the identifying label; the descriptive ones live on _info.
  EXPECT_NE(m.find("quotagw_package_remaining_bytes{package_id=\"tencent-live:live-test:"), std::string::npos);
  EXPECT_NE(m.find("quotagw_package_remaining_bytes{"), std::string::npos);
  // Transcoding minutes and link-mic hours are exported in seconds.
  EXPECT_NE(m.find("quotagw_package_remaining_seconds{"), std::string::npos);
  EXPECT_EQ(m.find("_minutes"), std::string::npos);
  EXPECT_EQ(m.find("_hours"), std::string::npos);
  // The info series names the provider's unit for what it is: the values are in seconds.
  EXPECT_NE(m.find(",native_unit=\"minutes\",package_id=\"tencent-live:live-test:"), std::string::npos);
  EXPECT_EQ(m.find(",unit=\""), std::string::npos);
  EXPECT_NE(m.find("quotagw_package_expiry_timestamp_seconds{"), std::string::npos);
  EXPECT_NE(m.find("quotagw_http_request_duration_seconds_bucket{"), std::string::npos);

  const std::string promtool = QG_PROMTOOL;
  // Configuring fails without promtool unless the builder left its checks out.
  if (promtool.empty()) GTEST_SKIP() << "configured with QG_WITHOUT_PROMETHEUS_TESTS: promtool check metrics not run";
  const std::string file = write_temp_file(m, ".prom");
  const int rc = std::system((promtool + " check metrics < " + file + " > " + file + ".out 2>&1").c_str());
  std::ifstream out(file + ".out");
  std::string report((std::istreambuf_iterator<char>(out)), {});
  EXPECT_EQ(rc, 0) << report;
}

}  // namespace
