#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "gateway/pools/pool.hpp"

namespace {

using qg::adapters::QuotaRecord;
using qg::adapters::QuotaStatus;
using qg::history::Sample;
using qg::pools::Candidate;
using qg::pools::forecast_pools;
using qg::pools::pool_key;

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kNow = 1'800'000'000;

QuotaRecord package(std::string id, std::int64_t total, std::int64_t used, std::int64_t expires_in_days) {
  QuotaRecord r;
  r.id = "tencent-live:prod:" + id;
  r.provider = "tencent-live";
  r.account = "prod";
  r.kind = "live-traffic";
  r.unit = "bytes";
  r.status = used >= total ? QuotaStatus::kExhausted : QuotaStatus::kActive;
  r.total = total;
  r.used = used;
  r.remaining = total - used;
  r.starts_at = kNow - 30 * kDay;
  r.expires_at = kNow + expires_in_days * kDay;
  return r;
}

// Two days of hourly samples in which `first` was drawn at 10 an hour (240 a day) and `second`
// not at all: the pool's rate is 240 a day.
std::map<std::string, std::vector<Sample>> history_of(const QuotaRecord& first, const QuotaRecord& second) {
  std::map<std::string, std::vector<Sample>> h;
  for (std::int64_t k = 48; k >= 0; --k) {
    const std::int64_t at = kNow - k * kHour;
    const std::int64_t first_used = *first.used - k * 10;
    h[first.id].push_back(Sample{at, first_used, *first.total - first_used, first.total});
    h[second.id].push_back(Sample{at, second.used, second.remaining, second.total});
  }
  return h;
}

qg::pools::SeriesOf lookup(const std::map<std::string, std::vector<Sample>>& h) {
  return [&h](const std::string& id) {
    const auto it = h.find(id);
    return it == h.end() ? std::vector<Sample>{} : it->second;
  };
}

TEST(Pool, MembersWaitingInLineGetTheirDatesFromThePoolsRate) {
  // a: 1200 left, expires day 10, drained at 240 a day: used up on day 5. b: 2400 left, day 60:
  // waits, then days 5-15. Neither alone says so: b's own history is flat.
  std::vector<QuotaRecord> records{package("b", 2400, 0, 60), package("a", 2000, 800, 10)};
  const auto h = history_of(records[1], records[0]);
  qg::pools::project_members(records, kNow, lookup(h), {});
  EXPECT_EQ(records[1].projected_exhaustion_at, kNow + 5 * kDay);
  EXPECT_EQ(records[0].projected_exhaustion_at, kNow + 15 * kDay);

  std::vector<Candidate> candidates;
  for (const auto& r : records) candidates.push_back({&r, *pool_key(r, r.details)});
  const auto pools = forecast_pools(candidates, kNow, 90 * kDay, lookup(h), {});
  ASSERT_EQ(pools.size(), 1u);
  const auto& pool = pools[0];
  EXPECT_EQ(pool.id, "tencent-live:prod:live-traffic:bytes");
  EXPECT_EQ(pool.remaining, 3600);
  ASSERT_TRUE(pool.burn_rate_per_day);
  EXPECT_NEAR(*pool.burn_rate_per_day, 240.0, 1e-6);
  ASSERT_EQ(pool.members.size(), 2u);
  EXPECT_EQ(pool.members[0]->id, "tencent-live:prod:a");
  ASSERT_TRUE(pool.simulation);
  EXPECT_EQ(pool.simulation->members[1].drain_starts_at, kNow + 5 * kDay);
  EXPECT_EQ(pool.simulation->runs_out_at, kNow + 15 * kDay);
  EXPECT_EQ(pool.simulation->cover, 90 * 240 - 3600);
  EXPECT_EQ(qg::pools::no_run_out_reason(pool), "");
}

TEST(Pool, WithoutHistoryNothingIsProjectedAndTheRecordsKeepTheirOwnForecasts) {
  std::vector<QuotaRecord> records{package("a", 2000, 800, 10)};
  records[0].projected_exhaustion_at = 42;
  const std::map<std::string, std::vector<Sample>> none;
  qg::pools::project_members(records, kNow, lookup(none), {});
  EXPECT_EQ(records[0].projected_exhaustion_at, 42);
  const Candidate c{&records[0], *pool_key(records[0], records[0].details)};
  const auto pools = forecast_pools({&c, 1}, kNow, 90 * kDay, lookup(none), {});
  ASSERT_EQ(pools.size(), 1u);
  EXPECT_FALSE(pools[0].simulation);
  EXPECT_EQ(qg::pools::no_run_out_reason(pools[0]), "no_history");
}

TEST(Pool, SpentMembersAreListedButHoldNothing) {
  std::vector<QuotaRecord> records{package("old", 1000, 1000, 5), package("a", 2000, 800, 10)};
  const auto h = history_of(records[1], records[0]);
  std::vector<Candidate> candidates;
  for (const auto& r : records) candidates.push_back({&r, *pool_key(r, r.details)});
  const auto pools = forecast_pools(candidates, kNow, 90 * kDay, lookup(h), {});
  ASSERT_EQ(pools.size(), 1u);
  EXPECT_EQ(pools[0].members.size(), 2u);
  EXPECT_EQ(pools[0].remaining, 1200);
  EXPECT_FALSE(pools[0].simulation->members[0].drain_starts_at);
  EXPECT_EQ(pools[0].simulation->runs_out_at, kNow + 5 * kDay);
}

}  // namespace
