// The dataset: deterministic per seed and epoch, realistic, every documented value present.

#include <regex>
#include <set>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "adapters/common/time.hpp"
#include "adapters/emulator/dataset.hpp"

namespace qg::emulator {
namespace {

constexpr std::int64_t kEpoch = 1780243200;  // 2026-06-01T00:00:00+08:00

std::string dump(const Dataset& d) {
  std::string out;
  for (const auto& list : d.tencent) out += boost::json::serialize(boost::json::array(list.begin(), list.end()));
  out += boost::json::serialize(boost::json::array(d.ice.begin(), d.ice.end()));
  out += boost::json::serialize(boost::json::array(d.aicontent.begin(), d.aicontent.end()));
  return out;
}

TEST(Dataset, SameSeedAndEpochSameBytes) {
  EXPECT_EQ(dump(make_dataset(7, kEpoch, {})), dump(make_dataset(7, kEpoch, {})));
  EXPECT_NE(dump(make_dataset(7, kEpoch, {})), dump(make_dataset(8, kEpoch, {})));
  EXPECT_NE(dump(make_dataset(7, kEpoch, {})), dump(make_dataset(7, kEpoch + 86400, {})));
}

TEST(Dataset, ResizingOneListingLeavesTheOthersAlone) {
  DatasetSizes more;
  more.tencent_traffic = 500;
  const auto a = make_dataset(7, kEpoch, {});
  const auto b = make_dataset(7, kEpoch, more);
  EXPECT_EQ(b.tencent[0].size(), 500u);
  EXPECT_EQ(a.tencent[1], b.tencent[1]);
  EXPECT_EQ(a.ice, b.ice);
  EXPECT_EQ(a.aicontent, b.aicontent);
}

TEST(Dataset, TencentPackagesCoverEveryStatusTypeAndRenewalState) {
  const auto d = make_dataset(20261122, kEpoch, {});
  EXPECT_EQ(d.total_records(), 230u + 150u + 120u + 120u + 60u);
  const std::regex beijing(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)");
  std::set<std::string> ids;
  for (std::size_t type = 0; type < 3; ++type) {
    std::set<std::int64_t> statuses, renewals, will_renew;
    for (const auto& p : d.tencent[type]) {
      statuses.insert(p.at("Status").as_int64());
      renewals.insert(p.at("RenewalResult").as_int64());
      will_renew.insert(p.at("WillRenew").as_int64());
      EXPECT_TRUE(ids.insert(std::string(p.at("Id").as_string())).second);
      EXPECT_EQ(p.at("Left").as_int64(), p.at("Total").as_int64() - p.at("Used").as_int64());
      EXPECT_TRUE(std::regex_match(std::string(p.at("BuyTime").as_string()), beijing));
      EXPECT_TRUE(std::regex_match(std::string(p.at("ExpireTime").as_string()), beijing));
      EXPECT_LT(p.at("BuyTime").as_string(), p.at("ExpireTime").as_string());
      if (p.at("Status").as_int64() == 4) {
        EXPECT_EQ(p.at("Left").as_int64(), 0);
      }
      if (p.at("Status").as_int64() == 2) {
        const auto expiry = adapters::parse_local_datetime(p.at("ExpireTime").as_string(), adapters::kBeijingUtcOffsetSeconds);
        EXPECT_LT(*expiry, kEpoch);
      }
    }
    EXPECT_EQ(statuses, (std::set<std::int64_t>{0, 1, 2, 3, 4, 5})) << "PackageType " << type;
    EXPECT_EQ(renewals, (std::set<std::int64_t>{-1, 0, 1}));
    EXPECT_EQ(will_renew, (std::set<std::int64_t>{0, 1}));
  }
  bool beyond_32_bits = false;
  for (const auto& p : d.tencent[0]) beyond_32_bits |= p.at("Total").as_int64() > (1LL << 32);
  EXPECT_TRUE(beyond_32_bits);
  std::set<std::int64_t> transcode_types;
  for (const auto& p : d.tencent[1]) transcode_types.insert(p.at("Type").as_int64());
  EXPECT_EQ(transcode_types, (std::set<std::int64_t>{1, 2}));
}

TEST(Dataset, AlibabaRecordsUseTheirOwnTimeFormatsAndOpenEnums) {
  const auto d = make_dataset(20261122, kEpoch, {});
  const std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
  std::set<std::pair<std::int64_t, std::int64_t>> type_status;
  for (const auto& l : d.ice) {
    type_status.emplace(l.at("Type").as_int64(), l.at("Status").as_int64());
    for (const char* k : {"CreationTime", "ModificationTime", "BeginOn", "ExpiredOn"}) {
      EXPECT_TRUE(std::regex_match(std::string(l.at(k).as_string()), iso)) << k;
    }
  }
  EXPECT_EQ(type_status.size(), 4u);  // both types, both statuses, every combination
  std::set<std::string> statuses, names;
  for (const auto& r : d.aicontent) {
    statuses.emplace(r.at("resourceStatus").as_string());
    names.emplace(r.at("resourcePackageName").as_string());
    EXPECT_LE(r.at("remainQuantity").as_int64(), r.at("quantity").as_int64());
  }
  EXPECT_EQ(statuses, (std::set<std::string>{"ACTIVE", "EXPIRED", "EXHAUSTED", "FROZEN", "RELEASING"}));
  EXPECT_TRUE(names.contains("智能批改-资源包"));
}

// A large tenant's history: long-expired packages added to every listing, the current ones unchanged.
TEST(Dataset, ExpiredHistoryAddsLongExpiredPackagesToEveryListing) {
  DatasetSizes sizes;
  sizes.expired_history = 40;
  const auto base = make_dataset(7, kEpoch, {});
  const auto d = make_dataset(7, kEpoch, sizes);
  EXPECT_EQ(d.total_records(), base.total_records() + 5 * 40);
  constexpr std::int64_t kDay = 86400;
  auto beijing = [](const boost::json::value& v) {
    return *adapters::parse_local_datetime(v.as_string(), adapters::kBeijingUtcOffsetSeconds);
  };
  auto iso = [](const boost::json::value& v) { return *adapters::parse_rfc3339(v.as_string()); };
  for (std::size_t type = 0; type < 3; ++type) {
    ASSERT_EQ(d.tencent[type].size(), base.tencent[type].size() + 40);
    std::set<std::string> ids;
    for (std::size_t i = 0; i < d.tencent[type].size(); ++i) {
      const auto& p = d.tencent[type][i];
      EXPECT_TRUE(ids.insert(std::string(p.at("Id").as_string())).second);
      if (i < base.tencent[type].size()) {
        EXPECT_EQ(p, base.tencent[type][i]);
        continue;
      }
      EXPECT_EQ(p.at("Status").as_int64(), 2);
      EXPECT_LT(beijing(p.at("ExpireTime")), kEpoch - 30 * kDay);
      EXPECT_GT(beijing(p.at("ExpireTime")), kEpoch - 3 * 366 * kDay);
    }
  }
  std::set<std::string> ice_ids, aic_ids;
  for (std::size_t i = 0; i < d.ice.size(); ++i) {
    EXPECT_TRUE(ice_ids.insert(std::string(d.ice[i].at("LicenseItemId").as_string())).second);
    if (i < base.ice.size()) continue;
    EXPECT_EQ(d.ice[i].at("Status").as_int64(), 2);
    EXPECT_LT(iso(d.ice[i].at("ExpiredOn")), kEpoch - 30 * kDay);
    EXPECT_LT(iso(d.ice[i].at("BeginOn")), iso(d.ice[i].at("ExpiredOn")));
  }
  for (std::size_t i = 0; i < d.aicontent.size(); ++i) {
    EXPECT_TRUE(aic_ids.insert(std::string(d.aicontent[i].at("instanceId").as_string())).second);
    if (i < base.aicontent.size()) continue;
    EXPECT_EQ(d.aicontent[i].at("resourceStatus").as_string(), "EXPIRED");
    EXPECT_LT(beijing(d.aicontent[i].at("expireTime")), kEpoch - 30 * kDay);
  }
}

TEST(Dataset, DefaultEpochIsMidnightInBeijing) {
  // 2026-06-01T15:59:59Z is 23:59:59 in Beijing; 16:00:00Z is already June 2 there.
  EXPECT_EQ(default_epoch(kEpoch + 86400 - 1), kEpoch);
  EXPECT_EQ(default_epoch(kEpoch + 86400), kEpoch + 86400);
  EXPECT_EQ(default_epoch(kEpoch), kEpoch);
}

}  // namespace
}  // namespace qg::emulator
