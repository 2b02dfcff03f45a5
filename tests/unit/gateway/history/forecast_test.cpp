#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "gateway/history/forecast.hpp"

namespace {

using qg::history::forecast;
using qg::history::ForecastPolicy;
using qg::history::Sample;

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kT0 = 1'800'000'000;  // 2027-01-15, any fixed time works

Sample left(std::int64_t at, std::int64_t remaining, std::optional<std::int64_t> total = std::nullopt) {
  return Sample{at, std::nullopt, remaining, total};
}

// Appends remaining(t) = start - per_step * k for t = from + k * step, from <= t <= to, and
// returns the last value.
std::int64_t burn(std::vector<Sample>& out, std::int64_t from, std::int64_t to, std::int64_t step,
                  std::int64_t start, std::int64_t per_step,
                  std::optional<std::int64_t> total = std::nullopt) {
  std::int64_t value = start;
  for (std::int64_t t = from; t <= to; t += step) {
    value = start - per_step * ((t - from) / step);
    out.push_back(left(t, value, total));
  }
  return value;
}

TEST(Forecast, LinearBurnGivesItsRateAndExhaustionDate) {
  std::vector<Sample> samples;
  burn(samples, kT0, kT0 + 3 * kDay, kHour, 10000, 10);  // 240 a day, 9280 left
  const auto result = forecast(samples, kT0 + 3 * kDay, {});
  ASSERT_TRUE(result.burn_rate_per_day);
  EXPECT_NEAR(*result.burn_rate_per_day, 240.0, 1e-9);
  ASSERT_TRUE(result.projected_exhaustion_at);
  EXPECT_NEAR(*result.projected_exhaustion_at, kT0 + 3 * kDay + 9280 * kDay / 240, 1);
}

TEST(Forecast, RefillStartsANewSegment) {
  std::vector<Sample> samples;
  burn(samples, kT0, kT0 + 3 * kDay, kHour, 10000, 10);                            // 240 a day down to 9280
  burn(samples, kT0 + 3 * kDay + kHour, kT0 + 5 * kDay + kHour, kHour, 20000, 5);  // topped up, 120 a day
  const std::int64_t last = samples.back().at;
  const auto result = forecast(samples, last, {});
  ASSERT_TRUE(result.burn_rate_per_day);
  EXPECT_NEAR(*result.burn_rate_per_day, 120.0, 1e-9);
  ASSERT_TRUE(result.projected_exhaustion_at);
  EXPECT_NEAR(*result.projected_exhaustion_at, last + samples.back().remaining.value() * kDay / 120, 1);
}

TEST(Forecast, ReplacementWithAnotherTotalStartsANewSegmentEvenWhenRemainingDrops) {
  std::vector<Sample> samples;
  burn(samples, kT0, kT0 + 3 * kDay, kHour, 10000, 10, 10000);  // ends at 9280 of 10000
  burn(samples, kT0 + 3 * kDay + kHour, kT0 + 5 * kDay + kHour, kHour, 5000, 5, 5000);
  const auto result = forecast(samples, samples.back().at, {});
  ASSERT_TRUE(result.burn_rate_per_day);
  EXPECT_NEAR(*result.burn_rate_per_day, 120.0, 1e-9);
}

TEST(Forecast, GapWhileTheCloudWasDownDoesNotBendTheRate) {
  // 12 an hour throughout; dense samples, then 18 hours without any, then hourly ones. A
  // per-sample estimate would see the gap's 216 units as one step.
  std::vector<Sample> samples;
  const std::int64_t before_gap = burn(samples, kT0, kT0 + kDay, 5 * kMinute, 20000, 1);
  const std::int64_t resume = kT0 + kDay + 18 * kHour;
  burn(samples, resume, resume + 36 * kHour, kHour, before_gap - 18 * 12, 12);
  const auto result = forecast(samples, samples.back().at, {});
  ASSERT_TRUE(result.burn_rate_per_day);
  EXPECT_NEAR(*result.burn_rate_per_day, 288.0, 1e-6);
  ASSERT_TRUE(result.projected_exhaustion_at);
  EXPECT_NEAR(*result.projected_exhaustion_at,
              samples.back().at + samples.back().remaining.value() * kDay / 288, 1);
}

TEST(Forecast, FlatUsageHasZeroRateAndNoExhaustion) {
  std::vector<Sample> samples;
  burn(samples, kT0, kT0 + 3 * kDay, kHour, 500, 0, 1000);
  const auto result = forecast(samples, kT0 + 3 * kDay, {});
  ASSERT_TRUE(result.burn_rate_per_day);
  EXPECT_EQ(*result.burn_rate_per_day, 0.0);
  EXPECT_FALSE(result.projected_exhaustion_at);
}

TEST(Forecast, NoisyBurnStaysWithinOnePercentOfTheTrueRate) {
  // 1000 a day from 100000 over 7 days, every 10 minutes, with +-100 of jitter and a -1500 spike
  // every 97th sample (both below the 2% that would count as a refill).
  std::mt19937 random(42);
  std::uniform_int_distribution<std::int64_t> jitter(-100, 100);
  std::vector<Sample> samples;
  for (std::int64_t t = kT0; t <= kT0 + 7 * kDay; t += 10 * kMinute) {
    std::int64_t value = 100000 - (t - kT0) * 1000 / kDay + jitter(random);
    if (samples.size() % 97 == 96) value -= 1500;
    samples.push_back(left(t, value, 100000));
  }
  const auto result = forecast(samples, samples.back().at, {});
  ASSERT_TRUE(result.burn_rate_per_day);
  EXPECT_NEAR(*result.burn_rate_per_day, 1000.0, 10.0);
  ASSERT_TRUE(result.projected_exhaustion_at);
  const double days_left = static_cast<double>(*result.projected_exhaustion_at - samples.back().at) / kDay;
  EXPECT_NEAR(days_left, 93.0, 93.0 * 0.01);
}

TEST(Forecast, UnknownRemainingHasNoExhaustion) {
  std::vector<Sample> samples;
  for (std::int64_t h = 0; h <= 48; ++h)
    samples.push_back(Sample{kT0 + h * kHour, 10 * h, std::nullopt, std::nullopt});
  const auto result = forecast(samples, samples.back().at, {});
  ASSERT_TRUE(result.burn_rate_per_day);
  EXPECT_NEAR(*result.burn_rate_per_day, 240.0, 1e-9);
  EXPECT_FALSE(result.projected_exhaustion_at);
}

TEST(Forecast, UsedAndTotalStandInForRemaining) {
  std::vector<Sample> samples;
  for (std::int64_t h = 0; h <= 48; ++h)
    samples.push_back(Sample{kT0 + h * kHour, 10 * h, std::nullopt, 1200});
  const auto result = forecast(samples, samples.back().at, {});
  ASSERT_TRUE(result.burn_rate_per_day);
  EXPECT_NEAR(*result.burn_rate_per_day, 240.0, 1e-9);
  ASSERT_TRUE(result.projected_exhaustion_at);
  EXPECT_NEAR(*result.projected_exhaustion_at, kT0 + 120 * kHour, 1);  // 1200 at 10 an hour
}

TEST(Forecast, UsedCounterResetStartsANewSegment) {
  std::vector<Sample> samples;
  for (std::int64_t h = 0; h <= 48; ++h)
    samples.push_back(Sample{kT0 + h * kHour, 10 * h, std::nullopt, std::nullopt});
  for (std::int64_t h = 0; h <= 24; ++h) {
    samples.push_back(Sample{kT0 + (49 + h) * kHour, 5 * h, std::nullopt, std::nullopt});
  }
  const auto result = forecast(samples, samples.back().at, {});
  ASSERT_TRUE(result.burn_rate_per_day);
  EXPECT_NEAR(*result.burn_rate_per_day, 120.0, 1e-9);
}

TEST(Forecast, ShorterThanMinSpanHasNoForecast) {
  std::vector<Sample> samples;
  burn(samples, kT0, kT0 + 59 * kMinute, kMinute, 1000, 1);
  const auto short_result = forecast(samples, samples.back().at, {});
  EXPECT_FALSE(short_result.burn_rate_per_day);
  EXPECT_FALSE(short_result.projected_exhaustion_at);

  samples.push_back(left(kT0 + kHour, 940));  // exactly min_span_seconds
  const auto result = forecast(samples, samples.back().at, {});
  ASSERT_TRUE(result.burn_rate_per_day);
  EXPECT_NEAR(*result.burn_rate_per_day, 1440.0, 1e-6);
}

TEST(Forecast, UsageThatStoppedForADayReportsTheRecentRate) {
  // Dense samples while it burned, one per heartbeat after it stopped: the stop must win.
  std::vector<Sample> samples;
  const std::int64_t stopped_at = kT0 + 5 * kDay;
  const std::int64_t level = burn(samples, kT0, stopped_at, 5 * kMinute, 100000, 1);
  for (std::int64_t t = stopped_at + kHour; t <= stopped_at + kDay; t += kHour)
    samples.push_back(left(t, level));
  const auto result = forecast(samples, samples.back().at, {});
  ASSERT_TRUE(result.burn_rate_per_day);
  EXPECT_EQ(*result.burn_rate_per_day, 0.0);
  EXPECT_FALSE(result.projected_exhaustion_at);
}

TEST(Forecast, ABriefPauseKeepsTheWindowRate) {
  std::vector<Sample> samples;
  const std::int64_t paused_at = kT0 + 3 * kDay;
  const std::int64_t level = burn(samples, kT0, paused_at, kHour, 10000, 12);
  for (std::int64_t t = paused_at + kHour; t <= paused_at + 6 * kHour; t += kHour)
    samples.push_back(left(t, level));
  const auto result = forecast(samples, samples.back().at, {});
  ASSERT_TRUE(result.burn_rate_per_day);
  EXPECT_NEAR(*result.burn_rate_per_day, 288.0, 1e-6);
  ASSERT_TRUE(result.projected_exhaustion_at);
  EXPECT_NEAR(*result.projected_exhaustion_at, samples.back().at + level * kDay / 288, 1);
}

TEST(Forecast, OnlyTheTrailingWindowCounts) {
  std::vector<Sample> samples;
  const std::int64_t level = burn(samples, kT0, kT0 + 10 * kDay - kHour, kHour, 100000, 24);
  burn(samples, kT0 + 10 * kDay, kT0 + 17 * kDay, kHour, level - 24, 12);
  const auto result = forecast(samples, kT0 + 17 * kDay, {});
  ASSERT_TRUE(result.burn_rate_per_day);
  EXPECT_NEAR(*result.burn_rate_per_day, 288.0, 1e-6);
}

TEST(Forecast, HistoryOlderThanTheWindowHasNoForecast) {
  std::vector<Sample> samples;
  burn(samples, kT0, kT0 + 3 * kDay, kHour, 10000, 10);
  const auto result = forecast(samples, kT0 + 11 * kDay, {});
  EXPECT_FALSE(result.burn_rate_per_day);
  EXPECT_FALSE(result.projected_exhaustion_at);
}

TEST(Forecast, NoUsableSamplesHaveNoForecast) {
  EXPECT_FALSE(forecast({}, kT0, {}).burn_rate_per_day);
  const std::vector<Sample> blank{Sample{kT0, {}, {}, 100}, Sample{kT0 + kDay, {}, {}, 100}};
  const auto result = forecast(blank, kT0 + kDay, {});
  EXPECT_FALSE(result.burn_rate_per_day);
  EXPECT_FALSE(result.projected_exhaustion_at);
}

TEST(Forecast, AnExhaustedPackageRunsOutAtItsLatestSample) {
  std::vector<Sample> samples;
  burn(samples, kT0, kT0 + kDay, kHour, 240, 10);  // reaches 0 at the last sample
  const auto result = forecast(samples, samples.back().at, {});
  ASSERT_TRUE(result.projected_exhaustion_at);
  EXPECT_EQ(*result.projected_exhaustion_at, samples.back().at);
}

TEST(Forecast, ManySamplesAreCappedAndStayExact) {
  std::vector<Sample> samples;
  burn(samples, kT0, kT0 + 7 * kDay, 6, 10'000'000, 1);  // 100801 samples, 14400 a day
  const auto result = forecast(samples, samples.back().at, {});
  ASSERT_TRUE(result.burn_rate_per_day);
  EXPECT_NEAR(*result.burn_rate_per_day, 14400.0, 1e-6);
}

TEST(Forecast, PolicyWindowAndMinSpanAreHonoured) {
  std::vector<Sample> samples;
  burn(samples, kT0, kT0 + 3 * kDay, kHour, 10000, 10);
  ForecastPolicy policy;
  policy.min_span_seconds = 4 * kDay;
  EXPECT_FALSE(forecast(samples, samples.back().at, policy).burn_rate_per_day);
  policy.min_span_seconds = kHour;
  policy.window_seconds = 2 * kHour;
  const auto result = forecast(samples, samples.back().at, policy);
  ASSERT_TRUE(result.burn_rate_per_day);
  EXPECT_NEAR(*result.burn_rate_per_day, 240.0, 1e-9);
}

}  // namespace
