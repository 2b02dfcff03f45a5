#include <gtest/gtest.h>

#include "adapters/common/json_util.hpp"
#include "adapters/common/time.hpp"
#include "adapters/tencent_live/mapping.hpp"
#include "tests/support/test_data.hpp"

namespace {

using namespace qg;
using adapters::QuotaStatus;

boost::json::object response_of(std::string_view fixture) {
  auto v = adapters::json::parse(test::read_test_data(fixture));
  return v->as_object().at("Response").as_object();
}

TEST(TencentLiveMapping, OfficialExampleMapsEveryField) {
  const auto page = tencent_live::map_page(response_of("fixtures/tencent_live/doc_example_traffic.json"), "live-prod");
  EXPECT_EQ(page.total_page, 1);
  EXPECT_EQ(page.total_num, 9);
  ASSERT_EQ(page.records.size(), 2u);
  const auto& r = page.records[0];
  EXPECT_EQ(r.id, "tencent-live:live-prod:281975");
  EXPECT_EQ(r.provider, "tencent-live");
  EXPECT_EQ(r.account, "live-prod");
  EXPECT_EQ(r.kind, "live-traffic");
  EXPECT_EQ(r.unit, "bytes");
  EXPECT_EQ(r.status, QuotaStatus::kActive);
  EXPECT_EQ(r.native_status, "1");
  EXPECT_EQ(r.total, 500000000000);  // beyond 2^32
  EXPECT_EQ(r.used, 2365271265);
  EXPECT_EQ(r.remaining, 497634728735);
  ASSERT_TRUE(r.utilization);
  EXPECT_NEAR(*r.utilization, 2365271265.0 / 500000000000.0, 1e-12);
  // Beijing 2024-07-16 18:46:08 is 10:46:08 UTC.
  EXPECT_EQ(adapters::format_rfc3339_utc(*r.starts_at), "2024-07-16T10:46:08Z");
  EXPECT_EQ(adapters::format_rfc3339_utc(*r.expires_at), "2025-07-16T10:46:08Z");
  EXPECT_EQ(r.auto_renew, false);
  EXPECT_EQ(r.details.at("renewal_result").as_int64(), 0);
  EXPECT_EQ(r.details.at("bill_mode").as_int64(), 204);
  EXPECT_EQ(r.details.at("flux_package_bill_mode").as_string(), "204,204,204,204,-1,-1");
  EXPECT_EQ(r.raw.at("Id").as_string(), "281975");
  EXPECT_EQ(page.records[1].status, QuotaStatus::kExhausted);
  EXPECT_EQ(page.records[1].utilization, 1.0);
}

TEST(TencentLiveMapping, ResponseTypeDecidesKindAndUnit) {
  const std::pair<int, std::pair<const char*, const char*>> cases[] = {
      {0, {"live-traffic", "bytes"}},
      {1, {"live-transcode", "minutes"}},
      {2, {"live-transcode-topspeed", "minutes"}},
      {3, {"live-linkmic", "hours"}},
  };
  for (const auto& [type, expect] : cases) {
    boost::json::object p{{"Id", "9"}, {"Type", type}, {"Status", 0}};
    const auto r = tencent_live::map_package(p, {}, "a");
    EXPECT_EQ(r.kind, expect.first);
    EXPECT_EQ(r.unit, expect.second);
    EXPECT_EQ(r.status, QuotaStatus::kPending);
  }
}

TEST(TencentLiveMapping, EveryStatusMaps) {
  const QuotaStatus expected[] = {QuotaStatus::kPending, QuotaStatus::kActive,    QuotaStatus::kExpired,
                                  QuotaStatus::kFrozen,  QuotaStatus::kExhausted, QuotaStatus::kRefunded};
  for (int s = 0; s < 6; ++s) {
    boost::json::object p{{"Id", "1"}, {"Type", 0}, {"Status", s}};
    EXPECT_EQ(tencent_live::map_package(p, {}, "a").status, expected[s]) << s;
  }
}

TEST(TencentLiveMapping, OddValuesBecomeNullsOrUnknownNeverInventions) {
  const auto page = tencent_live::map_page(response_of("fixtures/tencent_live/odd_values.json"), "a");
  EXPECT_FALSE(page.total_page);
  EXPECT_FALSE(page.total_num);
  EXPECT_EQ(page.native_items, 3u);
  ASSERT_EQ(page.records.size(), 2u);  // the non-object entry is skipped
  const auto& odd = page.records[0];
  EXPECT_EQ(odd.kind, "live-linkmic");
  EXPECT_EQ(odd.status, QuotaStatus::kUnknown);
  EXPECT_EQ(odd.native_status, "9");
  EXPECT_FALSE(odd.total);  // 2^64-1 does not fit: null, not wrapped
  EXPECT_FALSE(odd.used);
  EXPECT_EQ(odd.remaining, 12);
  EXPECT_FALSE(odd.starts_at);
  EXPECT_EQ(adapters::format_rfc3339_utc(*odd.expires_at), "2024-12-31T23:59:59Z");
  EXPECT_FALSE(odd.auto_renew);
  EXPECT_FALSE(odd.utilization);
  const auto& future_type = page.records[1];
  EXPECT_EQ(future_type.kind, "live-package-type-7");
  EXPECT_EQ(future_type.status, QuotaStatus::kRefunded);
  EXPECT_EQ(future_type.auto_renew, true);
  EXPECT_EQ(future_type.details.at("renewal_result").as_int64(), -1);
}

}  // namespace
