// The recorder: forecasts attached to the records of each refresh, the samples worth storing (a
// change or the heartbeat), bounded memory for flat and busy packages, and adopted sets learned
// without being stored again.

#include <random>

#include <gtest/gtest.h>

#include "gateway/history/recorder.hpp"

namespace {

using namespace qg;
using namespace qg::history;

constexpr std::int64_t kT0 = 1767225600;

adapters::QuotaRecord package(std::string id, std::int64_t remaining) {
  adapters::QuotaRecord r;
  r.id = std::move(id);
  r.unit = "bytes";
  r.total = 1'000'000;
  r.remaining = remaining;
  r.used = 1'000'000 - remaining;
  return r;
}

HistoryPolicy policy() {
  HistoryPolicy p;
  p.forecast.min_span_seconds = 600;
  return p;
}

TEST(Recorder, RecordsGetTheirForecastOnceTheHistorySpansLongEnough) {
  Recorder recorder(policy());
  std::optional<double> rate;
  std::optional<std::int64_t> exhausts;
  for (int minute = 0; minute <= 30; ++minute) {
    adapters::RecordList records{package("burning", 1'000'000 - 100 * minute), package("flat", 500)};
    recorder.observe(records, kT0 + 60 * minute);
    if (minute < 10) {
      EXPECT_FALSE(records[0].burn_rate_per_day) << minute;  // shorter than min_span
    }
    rate = records[0].burn_rate_per_day;
    exhausts = records[0].projected_exhaustion_at;
    if (minute >= 10) {
      EXPECT_EQ(records[1].burn_rate_per_day, 0.0);
      EXPECT_FALSE(records[1].projected_exhaustion_at);
    }
  }
  ASSERT_TRUE(rate && exhausts);
  EXPECT_NEAR(*rate, 100.0 * 60 * 24, 1.0);  // 100 bytes a minute
  const std::int64_t left = 1'000'000 - 3000;
  EXPECT_NEAR(static_cast<double>(*exhausts), static_cast<double>(kT0 + 1800 + left * 60 / 100), 60.0);
}

// The gateway's setting in simulated time: a package burning steadily (as the emulator burns it),
// read by each refresh (every ttl, started up to 10 % early, answered within a second) and
// recorded at the whole second the gateway stamps it with.
TEST(Recorder, ASteadyBurnReadAtEachRefreshGivesItsRateAndExhaustionDate) {
  Recorder recorder(policy());
  constexpr double kPerSecond = 1'000'000.0 / (2 * 86400);  // from full to empty in two days
  std::mt19937 random(19);
  std::uniform_real_distribution<double> early(0, 6), answered_after(0, 0.95);
  adapters::RecordList records;
  double read_at = 0;  // seconds since kT0
  for (double refresh = 0; refresh < 3600; refresh += 60 - early(random)) {
    read_at = refresh + answered_after(random);
    records = {package("burning", static_cast<std::int64_t>(1'000'000 - kPerSecond * read_at))};
    recorder.observe(records, kT0 + static_cast<std::int64_t>(read_at));
  }
  ASSERT_TRUE(records[0].burn_rate_per_day && records[0].projected_exhaustion_at);
  EXPECT_NEAR(*records[0].burn_rate_per_day, kPerSecond * 86400, kPerSecond * 86400 * 0.001);
  const double left_seconds = static_cast<double>(*records[0].remaining) / kPerSecond;
  EXPECT_NEAR(static_cast<double>(*records[0].projected_exhaustion_at), static_cast<double>(kT0) + read_at + left_seconds,
              left_seconds * 0.001);
}

TEST(Recorder, ChangesAndHeartbeatsAreStoredAndEqualRepeatsAreNot) {
  Recorder recorder(policy());  // heartbeat: one hour
  std::size_t stored = 0;
  for (int minute = 0; minute < 180; ++minute) {
    adapters::RecordList records{package("flat", 500)};
    stored += recorder.observe(records, kT0 + 60 * minute).size();
  }
  EXPECT_EQ(stored, 3u);  // at 0, 60 and 120 minutes
  adapters::RecordList changed{package("flat", 400)};
  EXPECT_EQ(recorder.observe(changed, kT0 + 180 * 60).size(), 1u);
}

TEST(Recorder, AdoptedSetsAreLearnedButNotStoredAgain) {
  Recorder a(policy()), b(policy());
  for (int minute = 0; minute <= 20; ++minute) {
    adapters::RecordList records{package("burning", 1'000'000 - 100 * minute)};
    EXPECT_FALSE(a.observe(records, kT0 + 60 * minute).empty());
    b.adopt(records, kT0 + 60 * minute);  // the other replica served what `a` fetched
  }
  const auto fa = a.forecast("burning", kT0 + 1200), fb = b.forecast("burning", kT0 + 1200);
  ASSERT_TRUE(fa && fb);
  EXPECT_EQ(fa->burn_rate_per_day, fb->burn_rate_per_day);
  // When `b` fetches next, it continues the series instead of storing what `a` already did.
  adapters::RecordList same{package("burning", 1'000'000 - 100 * 20)};
  EXPECT_TRUE(b.observe(same, kT0 + 1201).empty());
}

TEST(Recorder, MemoryStaysBoundedForABusyPackageAndForgetsGoneOnes) {
  Recorder recorder(policy());
  for (int i = 0; i < 20'000; ++i) {
    adapters::RecordList records{package("busy", 1'000'000 - i)};
    recorder.observe(records, kT0 + 10 * i);
  }
  ASSERT_TRUE(recorder.forecast("busy", kT0 + 200'000));
  EXPECT_NEAR(*recorder.forecast("busy", kT0 + 200'000)->burn_rate_per_day, 8640.0, 100.0);
  recorder.forget_older_than(kT0 + 300'000);
  EXPECT_EQ(recorder.packages(), 0u);
}

}  // namespace
