#include <gtest/gtest.h>

#include "adapters/common/quota_record.hpp"

namespace {

using namespace qg::adapters;

TEST(QuotaRecord, StatusNamesRoundTrip) {
  for (auto name : all_quota_status_names()) {
    auto s = parse_quota_status(name);
    ASSERT_TRUE(s) << name;
    EXPECT_EQ(to_string(*s), name);
  }
  EXPECT_FALSE(parse_quota_status("ACTIVE"));
}

TEST(QuotaRecord, UtilizationIsDerivedAndClamped) {
  QuotaRecord r;
  r.total = 500000000000;
  r.used = 2365271265;
  finalize(r);
  ASSERT_TRUE(r.utilization);
  EXPECT_NEAR(*r.utilization, 0.00473054253, 1e-9);
  r.used = r.total.value() * 2;
  finalize(r);
  EXPECT_EQ(r.utilization, 1.0);
  r.total = 0;
  finalize(r);
  EXPECT_FALSE(r.utilization);  // undefined, not invented
  r.total.reset();
  finalize(r);
  EXPECT_FALSE(r.utilization);
}

TEST(QuotaRecord, JsonHasEveryFieldWithNullsAndUtcTimes) {
  QuotaRecord r;
  r.id = make_record_id("tencent-live", "live-prod", "281975");
  r.provider = "tencent-live";
  r.account = "live-prod";
  r.status = QuotaStatus::kActive;
  r.expires_at = 1752662768;
  r.raw["Id"] = "281975";
  auto o = to_json(r, false);
  EXPECT_EQ(o.at("id").as_string(), "tencent-live:live-prod:281975");
  EXPECT_EQ(o.at("status").as_string(), "active");
  EXPECT_TRUE(o.at("total").is_null());
  EXPECT_TRUE(o.at("starts_at").is_null());
  EXPECT_EQ(o.at("expires_at").as_string(), "2025-07-16T10:46:08Z");
  EXPECT_FALSE(o.contains("raw"));
  EXPECT_TRUE(to_json(r, true).contains("raw"));
}

}  // namespace

namespace {

TEST(QuotaRecord, JsonRoundTripForSharing) {
  using namespace qg::adapters;
  QuotaRecord r;
  r.id = "alibaba-aicontent:a:i:AI_ORAL";
  r.provider = "alibaba-aicontent";
  r.account = "a";
  r.kind = "ai-oral";
  r.name = "智能批改-资源包 / 口语评测";
  r.status = QuotaStatus::kFrozen;
  r.native_status = "FROZEN";
  r.unit = "count";
  r.total = 500000000000;
  r.used = 1;
  r.remaining = 499999999999;
  r.starts_at = 1700000000;
  r.auto_renew = false;
  r.details["instance_id"] = "i";
  r.raw["quantity"] = 500000000000;
  finalize(r);
  const auto back = record_from_json(to_json(r, true));
  ASSERT_TRUE(back);
  EXPECT_EQ(to_json(*back, true), to_json(r, true));
  EXPECT_FALSE(record_from_json(boost::json::object{{"name", "no id"}}));
}

}  // namespace
