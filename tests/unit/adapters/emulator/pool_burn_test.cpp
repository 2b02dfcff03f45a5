#include <gtest/gtest.h>

#include "adapters/common/time.hpp"
#include "adapters/emulator/pool_burn.hpp"

namespace {

using qg::emulator::Api;
using qg::emulator::burn_in_order;
using qg::emulator::Dataset;

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kNow = 1'800'000'000;

std::string beijing(std::int64_t t) { return qg::adapters::format_local_datetime(t, qg::adapters::kBeijingUtcOffsetSeconds); }

boost::json::object package(const char* id, int type, int status, std::int64_t total, std::int64_t left,
                            std::int64_t expires_in_days) {
  return {{"Id", id},
          {"Type", type},
          {"Status", status},
          {"Total", total},
          {"Used", total - left},
          {"Left", left},
          {"BuyTime", beijing(kNow - 100 * kDay)},
          {"ExpireTime", beijing(kNow + expires_in_days * kDay)}};
}

boost::json::object resource(const char* id, const char* catalog, std::int64_t quantity, std::int64_t remain) {
  return {{"instanceId", id},
          {"resourceCatalogCode", catalog},
          {"resourceStatus", "ACTIVE"},
          {"quantity", quantity},
          {"remainQuantity", remain},
          {"effectiveTime", beijing(kNow - 10 * kDay)},
          {"expireTime", beijing(kNow + 10 * kDay)}};
}

// a (100 left, day 10), b (unused, 1000, day 20), c (500 left, day 5): pool total 3000; drawn
// c, a, b. d expired yesterday and e is another type: neither is drawn.
Dataset traffic() {
  Dataset d;
  d.tencent[0] = {package("a", 0, 1, 1000, 100, 10), package("b", 0, 0, 1000, 1000, 20),
                  package("c", 0, 1, 1000, 500, 5),  package("d", 0, 1, 1000, 900, -1)};
  d.tencent[1] = {package("e", 1, 1, 1000, 1000, 3)};
  return d;
}

std::int64_t left(const Dataset& d, std::size_t i) { return d.tencent[0][i].at("Left").as_int64(); }
std::int64_t status(const Dataset& d, std::size_t i) { return d.tencent[0][i].at("Status").as_int64(); }

TEST(PoolBurn, TheSoonestExpiringPackageIsDrawnFirst) {
  const Dataset d = burn_in_order(traffic(), Api::kTencentLive, 0.1, kNow, kNow);  // 300 of 3000
  EXPECT_EQ(left(d, 2), 200);
  EXPECT_EQ(left(d, 0), 100);
  EXPECT_EQ(left(d, 1), 1000);
  EXPECT_EQ(d.tencent[0][2].at("Used").as_int64(), 800);
}

TEST(PoolBurn, UsedUpPackagesAreExhaustedAndTheNextInLineComesIntoUse) {
  const Dataset d = burn_in_order(traffic(), Api::kTencentLive, 0.3, kNow, kNow);  // 900: c 500, a 100, b 300
  EXPECT_EQ(left(d, 2), 0);
  EXPECT_EQ(status(d, 2), 4);
  EXPECT_EQ(left(d, 0), 0);
  EXPECT_EQ(status(d, 0), 4);
  EXPECT_EQ(left(d, 1), 700);
  EXPECT_EQ(status(d, 1), 1);
  EXPECT_EQ(left(d, 3), 900);  // expired: never drawn on
  EXPECT_EQ(d.tencent[1][0].at("Left").as_int64(), 700);  // its own pool: 30 % of 1000
}

TEST(PoolBurn, AicontentPoolsByCatalogCodeAndOtherApisAreUntouched) {
  Dataset d;
  d.aicontent = {resource("x", "AI_ORAL", 1000, 50), resource("y", "AI_ORAL", 1000, 1000),
                 resource("z", "AI_ESSAY", 1000, 1000)};
  d.tencent = traffic().tencent;
  const Dataset out = burn_in_order(d, Api::kAlibabaAicontent, 0.05, kNow, kNow);  // 100 of AI_ORAL's 2000
  EXPECT_EQ(out.aicontent[0].at("remainQuantity").as_int64() + out.aicontent[1].at("remainQuantity").as_int64(), 950);
  EXPECT_EQ(out.aicontent[2].at("remainQuantity").as_int64(), 950);
  EXPECT_EQ(out.tencent[0], d.tencent[0]);
}

}  // namespace
