#include <set>

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

QuotaRecord with_id(std::string id, int serial) {
  QuotaRecord r;
  r.id = std::move(id);
  r.raw["LicenseItemId"] = "same";
  r.raw["Serial"] = serial;
  return r;
}

std::vector<std::string> ids_of(const RecordList& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(r.id);
  return out;
}

TEST(KeepIdsUnique, RepeatsAreDroppedAndDifferentObjectsUnderOneIdAreNumbered) {
  RecordList records{with_id("a", 1), with_id("b", 1), with_id("a", 1), with_id("a", 2), with_id("a#2", 3),
                     with_id("a", 3)};
  keep_ids_unique(records);
  // The exact repeat of ("a", 1) is gone; "a#2" is someone's own id, so a's second object is a#3.
  EXPECT_EQ(ids_of(records), (std::vector<std::string>{"a", "b", "a#3", "a#2", "a#4"}));
}

// Issue 24.3: 20,000 ICE records with one LicenseItemId took 28 s of CPU (each one compared with
// every earlier one). Linear now: this finishes far inside the test's timeout.
TEST(KeepIdsUnique, TwentyThousandRecordsSharingOneIdGetUniqueStableIds) {
  RecordList records;
  for (int i = 0; i < 20'000; ++i) records.push_back(with_id("alibaba-ice:acct:LIC-1", i));
  records.push_back(with_id("alibaba-ice:acct:LIC-1", 7));  // an exact repeat
  RecordList again = records;
  keep_ids_unique(records);
  keep_ids_unique(again);
  ASSERT_EQ(records.size(), 20'000u);
  EXPECT_EQ(ids_of(records), ids_of(again));  // stable: the same input gives the same ids
  const auto ids = ids_of(records);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
  EXPECT_EQ(records.front().id, "alibaba-ice:acct:LIC-1");
  EXPECT_EQ(records[1].id, "alibaba-ice:acct:LIC-1#2");
  EXPECT_EQ(records.back().id, "alibaba-ice:acct:LIC-1#20000");
  EXPECT_EQ(records.back().raw.at("Serial").as_int64(), 19'999);
}

}  // namespace
