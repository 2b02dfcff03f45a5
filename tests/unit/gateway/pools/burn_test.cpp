#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "gateway/pools/burn.hpp"

namespace {

using qg::history::Sample;
using qg::pools::MemberSeries;
using qg::pools::pool_burn_rate_per_day;
using qg::pools::pool_used_series;

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kT0 = 1'800'000'000;

Sample used(std::int64_t at, std::int64_t value, std::int64_t total) { return Sample{at, value, total - value, total}; }
Sample left(std::int64_t at, std::int64_t remaining) { return Sample{at, std::nullopt, remaining, std::nullopt}; }

double rate_of(const std::vector<std::vector<Sample>>& members, std::int64_t now) {
  const std::vector<MemberSeries> spans(members.begin(), members.end());
  const auto series = pool_used_series(spans);
  const auto rate = pool_burn_rate_per_day(series, now, {});
  return rate.value_or(-1);
}

// Two members drawn in turn at 240 a day (10 an hour): a for the first 36 hours (360 of its 360
// used), then b. Each member alone shows a burn that starts or stops halfway.
TEST(PoolBurn, TheRateDoesNotMoveWhenTheCloudMovesOnToTheNextMember) {
  std::vector<Sample> a, b;
  for (std::int64_t h = 0; h <= 72; ++h) {
    const std::int64_t at = kT0 + h * kHour;
    a.push_back(used(at, std::min<std::int64_t>(h, 36) * 10, 360));
    b.push_back(used(at, std::max<std::int64_t>(h - 36, 0) * 10, 1000));
  }
  const std::int64_t now = kT0 + 72 * kHour;
  EXPECT_NEAR(rate_of({a, b}, now), 240.0, 1e-6);
  const std::vector<MemberSeries> spans{a, b};
  const auto series = pool_used_series(spans);
  ASSERT_EQ(series.size(), 73u);
  EXPECT_EQ(series.back().used, 720);
}

TEST(PoolBurn, APackageJoiningWithUseAlreadyOnItAddsNoStep) {
  // b appears at hour 24 with 500 used (bought and used before the gateway saw it) and is then
  // drawn at 10 an hour while a stops.
  std::vector<Sample> a, b;
  for (std::int64_t h = 0; h <= 48; ++h) {
    const std::int64_t at = kT0 + h * kHour;
    a.push_back(used(at, std::min<std::int64_t>(h, 24) * 10, 240));
    if (h >= 24) b.push_back(used(at, 500 + (h - 24) * 10, 2000));
  }
  EXPECT_NEAR(rate_of({a, b}, kT0 + 48 * kHour), 240.0, 1e-6);
}

TEST(PoolBurn, AMemberThatExpiresKeepsItsUseCounted) {
  // a is drawn for 24 hours and then disappears (expired: no more samples); b takes over.
  std::vector<Sample> a, b;
  for (std::int64_t h = 0; h <= 48; ++h) {
    const std::int64_t at = kT0 + h * kHour;
    if (h <= 24) a.push_back(used(at, h * 10, 1000));
    b.push_back(used(at, std::max<std::int64_t>(h - 24, 0) * 10, 1000));
  }
  EXPECT_NEAR(rate_of({a, b}, kT0 + 48 * kHour), 240.0, 1e-6);
}

TEST(PoolBurn, ARefillIsNotNegativeUseAndRemainingAloneIsEnough) {
  // Only `remaining` is reported; at hour 12 the package is topped up by 5000.
  std::vector<Sample> a;
  std::int64_t level = 1000;
  for (std::int64_t h = 0; h <= 48; ++h) {
    if (h == 12) level += 5000;
    a.push_back(left(kT0 + h * kHour, level));
    level -= 10;
  }
  EXPECT_NEAR(rate_of({a}, kT0 + 48 * kHour), 240.0, 1e-6);
}

TEST(PoolBurn, TooShortAHistoryHasNoRate) {
  const std::vector<Sample> a{used(kT0, 0, 100), used(kT0 + 60, 1, 100)};
  const std::vector<MemberSeries> spans{a};
  EXPECT_FALSE(pool_burn_rate_per_day(pool_used_series(spans), kT0 + 60, {}));
}

TEST(PoolBurn, SamplesAtDifferentInstantsAreInterpolated) {
  // a sampled on the hour, b on the half hour: b's value at a's instants is read between its
  // samples, so the sum rises smoothly at 20 an hour (480 a day).
  std::vector<Sample> a, b;
  for (std::int64_t h = 0; h <= 48; ++h) {
    a.push_back(used(kT0 + h * kHour, h * 10, 1000));
    b.push_back(used(kT0 + h * kHour + kHour / 2, h * 10, 1000));
  }
  EXPECT_NEAR(rate_of({a, b}, kT0 + 49 * kHour), 480.0, 1e-6);
}

}  // namespace
