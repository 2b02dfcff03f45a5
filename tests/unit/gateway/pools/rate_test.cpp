#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "gateway/pools/rate.hpp"

namespace {

using qg::pools::per_day;
using qg::pools::Rate;
using qg::pools::rate_from_per_day;

TEST(Rate, AWholeRateADayIsExact) {
  EXPECT_EQ(rate_from_per_day(240.0), (Rate{1, 360}));  // 240 a day = 1 every 360 s
  EXPECT_DOUBLE_EQ(per_day(rate_from_per_day(240.0)), 240.0);
}

TEST(Rate, AFractionalEstimateKeepsNineSignificantDigits) {
  const Rate r = rate_from_per_day(1234.567891234);
  EXPECT_NEAR(per_day(r), 1234.567891234, 1e-6);
}

TEST(Rate, AHugeRateStaysExactInIntegers) {
  const Rate r = rate_from_per_day(1e15);
  EXPECT_EQ(r.units * 86400 / r.seconds, 1'000'000'000'000'000);
}

TEST(Rate, NoUseOrNoiseIsFlat) {
  EXPECT_EQ(rate_from_per_day(0.0).units, 0);
  EXPECT_EQ(rate_from_per_day(-5.0).units, 0);
  EXPECT_EQ(rate_from_per_day(std::nan("")).units, 0);
  EXPECT_EQ(rate_from_per_day(1e-12).units, 0);  // below a billionth of a unit a day
  EXPECT_GT(rate_from_per_day(1e-6).units, 0);
}

}  // namespace
