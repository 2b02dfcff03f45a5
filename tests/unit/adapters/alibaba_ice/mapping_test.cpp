// AiRtcLicenseInfoDTO → QuotaRecord (providers.md §2.5): times are UTC already, Type decides the
// kind, AvailableCapacity is not "licenses left", odd values become nulls.

#include <gtest/gtest.h>

#include "adapters/alibaba_ice/mapping.hpp"
#include "adapters/common/json_util.hpp"
#include "adapters/common/time.hpp"
#include "tests/support/test_data.hpp"

namespace {

using namespace qg;
using adapters::QuotaStatus;

boost::json::object body_of(std::string_view fixture) {
  auto v = adapters::json::parse(test::read_test_data(fixture));
  if (!v || !v->is_object()) {
    ADD_FAILURE() << fixture << " is not a JSON object";
    return {};
  }
  return v->as_object();
}

TEST(AlibabaIceMapping, OfficialExampleMapsEveryField) {
  const auto page = alibaba_ice::map_page(body_of("fixtures/alibaba_ice/doc_example.json"), "ice-prod");
  EXPECT_EQ(page.total_count, 100);
  EXPECT_EQ(page.native_items, 1u);
  ASSERT_EQ(page.records.size(), 1u);
  const auto& r = page.records[0];
  EXPECT_EQ(r.id, "alibaba-ice:ice-prod:17712***");
  EXPECT_EQ(r.provider, "alibaba-ice");
  EXPECT_EQ(r.account, "ice-prod");
  EXPECT_EQ(r.kind, "ai-rtc-audio");
  EXPECT_EQ(r.name, "AI real-time conversation, audio call licenses 17712***");
  EXPECT_EQ(r.status, QuotaStatus::kActive);
  EXPECT_EQ(r.native_status, "1");
  EXPECT_EQ(r.unit, "licenses");
  EXPECT_EQ(r.total, 10000);
  // AvailableCapacity (10000000) is in an undocumented unit: no remaining, no used, no ratio.
  EXPECT_FALSE(r.remaining);
  EXPECT_FALSE(r.used);
  EXPECT_FALSE(r.utilization);
  EXPECT_FALSE(r.auto_renew);
  // ICE times are UTC already: taken verbatim.
  ASSERT_TRUE(r.starts_at);
  ASSERT_TRUE(r.expires_at);
  EXPECT_EQ(adapters::format_rfc3339_utc(*r.starts_at), "2020-12-23T13:33:49Z");
  EXPECT_EQ(adapters::format_rfc3339_utc(*r.expires_at), "2021-12-23T13:33:49Z");
  EXPECT_EQ(*r.starts_at, 1608730429);
  EXPECT_EQ(r.details.at("available_capacity").as_int64(), 10000000);
  EXPECT_EQ(r.details.at("valid_days").as_int64(), 365);
  EXPECT_EQ(r.details.at("instance_id").as_string(), "ice_CoverAILicense_public_cn***");
  EXPECT_EQ(r.details.at("contract_no").as_string(), "258396267390***");
  EXPECT_EQ(r.details.at("creation_time").as_string(), "2020-12-23T13:33:49Z");
  EXPECT_EQ(r.details.at("modification_time").as_string(), "2020-12-23T13:33:49Z");
  EXPECT_EQ(r.details.size(), 6u);
  EXPECT_EQ(r.raw.at("LicenseItemId").as_string(), "17712***");
  EXPECT_EQ(r.raw.at("AvailableCapacity").as_int64(), 10000000);
  EXPECT_EQ(r.raw.size(), 12u);
}

TEST(AlibabaIceMapping, TypeDecidesKindAndName) {
  boost::json::object vision{{"LicenseItemId", "V1"}, {"Type", 2}, {"Status", 1}};
  const auto v = alibaba_ice::map_license(vision, "a");
  EXPECT_EQ(v.kind, "ai-rtc-vision");
  EXPECT_EQ(v.name, "AI real-time conversation, vision call licenses V1");

  boost::json::object audio{
      {"LicenseItemId", "A1"}, {"Type", "1"}, {"Status", 1}};  // a string number reads the same
  EXPECT_EQ(alibaba_ice::map_license(audio, "a").kind, "ai-rtc-audio");

  boost::json::object future{{"LicenseItemId", "F1"}, {"Type", 3}};
  const auto f = alibaba_ice::map_license(future, "a");
  EXPECT_EQ(f.kind, "ai-rtc-type-3");
  EXPECT_EQ(f.name, "AI real-time conversation licenses F1");

  boost::json::object untyped{{"LicenseItemId", "U1"}};
  EXPECT_EQ(alibaba_ice::map_license(untyped, "a").kind, "ai-rtc-type-unknown");
}

TEST(AlibabaIceMapping, StatusMaps) {
  const std::pair<int, QuotaStatus> cases[] = {{1, QuotaStatus::kActive},
                                               {2, QuotaStatus::kExpired},
                                               {0, QuotaStatus::kUnknown},
                                               {9, QuotaStatus::kUnknown}};
  for (const auto& [status, expected] : cases) {
    boost::json::object l{{"LicenseItemId", "S"}, {"Type", 1}, {"Status", status}};
    const auto r = alibaba_ice::map_license(l, "a");
    EXPECT_EQ(r.status, expected) << status;
    EXPECT_EQ(r.native_status, std::to_string(status));
  }
  boost::json::object none{{"LicenseItemId", "S"}, {"Type", 1}};
  const auto r = alibaba_ice::map_license(none, "a");
  EXPECT_EQ(r.status, QuotaStatus::kUnknown);
  EXPECT_EQ(r.native_status, "");
}

TEST(AlibabaIceMapping, OddValuesBecomeNullsNeverInventions) {
  const auto page = alibaba_ice::map_page(body_of("fixtures/alibaba_ice/odd_values.json"), "a");
  EXPECT_FALSE(page.total_count);  // null
  EXPECT_EQ(page.native_items, 4u);
  ASSERT_EQ(page.records.size(), 3u);  // the non-object entry is skipped

  const auto& huge = page.records[0];
  EXPECT_EQ(huge.id, "alibaba-ice:a:A1");
  EXPECT_EQ(huge.kind, "ai-rtc-vision");
  EXPECT_EQ(huge.status, QuotaStatus::kExpired);
  EXPECT_FALSE(huge.total);  // 2^64-1 does not fit int64: null, not wrapped
  EXPECT_FALSE(huge.details.contains("available_capacity"));
  EXPECT_FALSE(huge.utilization);
  ASSERT_TRUE(huge.starts_at);
  EXPECT_EQ(adapters::format_rfc3339_utc(*huge.starts_at), "2024-01-01T00:00:00Z");
  EXPECT_FALSE(huge.expires_at);  // "not a time"
  EXPECT_EQ(huge.raw.at("LicenseCount").as_uint64(), 18446744073709551615ull);

  const auto& future = page.records[1];
  EXPECT_EQ(future.kind, "ai-rtc-type-7");
  EXPECT_EQ(future.status, QuotaStatus::kUnknown);
  EXPECT_EQ(future.native_status, "9");

  const auto& bare = page.records[2];
  EXPECT_EQ(bare.id, "alibaba-ice:a:A3");
  EXPECT_FALSE(bare.total);
  EXPECT_FALSE(bare.starts_at);
  EXPECT_FALSE(bare.expires_at);
  EXPECT_TRUE(bare.details.empty());
  EXPECT_EQ(bare.unit, "licenses");
}

TEST(AlibabaIceMapping, PageWithoutAListIsEmpty) {
  const auto page = alibaba_ice::map_page(boost::json::object{{"TotalCount", 0}}, "a");
  EXPECT_EQ(page.total_count, 0);
  EXPECT_EQ(page.native_items, 0u);
  EXPECT_TRUE(page.records.empty());
  const auto wrong = alibaba_ice::map_page(boost::json::object{{"LicenseInfoList", "nope"}}, "a");
  EXPECT_EQ(wrong.native_items, 0u);
  EXPECT_FALSE(wrong.total_count);
}

}  // namespace
