#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "gateway/pools/simulate.hpp"

// Hand-computed cases in simulated time: every expected date and amount below is worked out in
// the comment above it.
namespace {

using qg::pools::NoRunOut;
using qg::pools::Rate;
using qg::pools::simulate;
using qg::pools::SimMember;

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kNow = 1'800'000'000;
constexpr std::int64_t kHorizon = 90 * kDay;
constexpr Rate kHundredADay{100, kDay};

SimMember member(const char* id, std::int64_t remaining, std::optional<std::int64_t> expires_in_days,
                 std::optional<std::int64_t> starts_in_days = std::nullopt) {
  SimMember m;
  m.id = id;
  m.remaining = remaining;
  if (expires_in_days) m.expires_at = kNow + *expires_in_days * kDay;
  if (starts_in_days) m.starts_at = kNow + *starts_in_days * kDay;
  // Expiry first, as deduction.cpp declares for the pooled providers.
  m.order = {m.expires_at.value_or(INT64_MAX), m.starts_at.value_or(INT64_MIN)};
  return m;
}

std::int64_t day(std::int64_t n) { return kNow + n * kDay; }

TEST(Simulate, OneMemberRunsOutWhenItsRemainingIsUsed) {
  // 1000 at 100 a day: 10 days. The 90-day horizon needs 9000: 8000 more.
  const auto sim = simulate({member("a", 1000, 30)}, kHundredADay, kNow, kHorizon);
  EXPECT_EQ(sim.runs_out_at, day(10));
  ASSERT_EQ(sim.members.size(), 1u);
  EXPECT_EQ(sim.members[0].drain_starts_at, kNow);
  EXPECT_EQ(sim.members[0].drain_stops_at, day(10));
  EXPECT_EQ(sim.members[0].exhausted_at, day(10));
  EXPECT_EQ(sim.waste, 0);
  EXPECT_EQ(sim.cover, 8000);
  EXPECT_FALSE(sim.no_run_out);
}

TEST(Simulate, ThreeMembersAreDrawnInTurnSoonestExpiryFirst) {
  // a (500, day 10) for 5 days, b (1000, day 40) days 5-15, c (2000, day 100) days 15-35.
  // Covered: 3500 of the horizon's 9000.
  const auto sim = simulate({member("c", 2000, 100), member("a", 500, 10), member("b", 1000, 40)}, kHundredADay,
                            kNow, kHorizon);
  ASSERT_EQ(sim.members.size(), 3u);
  EXPECT_EQ(sim.members[0].id, "a");
  EXPECT_EQ(sim.members[1].id, "b");
  EXPECT_EQ(sim.members[2].id, "c");
  EXPECT_EQ(sim.members[0].drain_stops_at, day(5));
  EXPECT_EQ(sim.members[1].drain_starts_at, day(5));
  EXPECT_EQ(sim.members[1].exhausted_at, day(15));
  EXPECT_EQ(sim.members[2].drain_starts_at, day(15));
  EXPECT_EQ(sim.members[2].exhausted_at, day(35));
  EXPECT_EQ(sim.runs_out_at, day(35));
  EXPECT_EQ(sim.waste, 0);
  EXPECT_EQ(sim.cover, 5500);
}

TEST(Simulate, WhatAMemberHoldsAtItsExpiryIsWasted) {
  // a (1000, day 5): 500 used by day 5, 500 lost then. b (400, day 8): 300 used days 5-8, 100
  // lost. c (1000, day 100): days 8-18. Covered 1800 of 9000.
  const auto sim = simulate({member("a", 1000, 5), member("b", 400, 8), member("c", 1000, 100)}, kHundredADay,
                            kNow, kHorizon);
  ASSERT_EQ(sim.members.size(), 3u);
  EXPECT_EQ(sim.members[0].waste, 500);
  EXPECT_EQ(sim.members[0].waste_at, day(5));
  EXPECT_EQ(sim.members[0].drain_stops_at, day(5));
  EXPECT_FALSE(sim.members[0].exhausted_at);
  EXPECT_EQ(sim.members[1].waste, 100);
  EXPECT_EQ(sim.members[1].waste_at, day(8));
  EXPECT_EQ(sim.members[2].waste, 0);
  EXPECT_FALSE(sim.members[2].waste_at);
  EXPECT_EQ(sim.members[2].drain_starts_at, day(8));
  EXPECT_EQ(sim.waste, 600);
  EXPECT_EQ(sim.runs_out_at, day(18));
  EXPECT_EQ(sim.cover, 7200);
}

TEST(Simulate, InPurchaseOrderAMemberCanExpireBeforeItsTurn) {
  // Bought first: a (1000, day 100) lasts 10 days; b (300, day 5) expires waiting behind it.
  SimMember a = member("a", 1000, 100);
  SimMember b = member("b", 300, 5);
  a.order = {kNow - 60 * kDay, *a.expires_at};  // purchase time first
  b.order = {kNow - 10 * kDay, *b.expires_at};
  const auto sim = simulate({b, a}, kHundredADay, kNow, kHorizon);
  ASSERT_EQ(sim.members.size(), 2u);
  EXPECT_EQ(sim.members[0].id, "a");
  EXPECT_EQ(sim.members[1].id, "b");
  EXPECT_FALSE(sim.members[1].drain_starts_at);
  EXPECT_EQ(sim.members[1].waste, 300);
  EXPECT_EQ(sim.members[1].waste_at, day(5));
  EXPECT_EQ(sim.runs_out_at, day(10));
  EXPECT_EQ(sim.waste, 300);
}

TEST(Simulate, ExpiryOrderAndPurchaseOrderDifferOnTheSameMembers) {
  // a bought 60 days ago, 1000, expires day 100; b bought 10 days ago, 1000, expires day 15.
  // Expiry first: b days 0-10, a days 10-20, nothing lost.
  // Purchase order: a days 0-10, b days 10-15 (500 used), 500 lost at day 15.
  auto a = member("a", 1000, 100);
  auto b = member("b", 1000, 15);
  const auto by_expiry = simulate({a, b}, kHundredADay, kNow, kHorizon);
  EXPECT_EQ(by_expiry.members[0].id, "b");
  EXPECT_EQ(by_expiry.members[0].exhausted_at, day(10));
  EXPECT_EQ(by_expiry.members[1].exhausted_at, day(20));
  EXPECT_EQ(by_expiry.runs_out_at, day(20));
  EXPECT_EQ(by_expiry.waste, 0);

  a.order = {kNow - 60 * kDay, *a.expires_at};
  b.order = {kNow - 10 * kDay, *b.expires_at};
  const auto by_purchase = simulate({a, b}, kHundredADay, kNow, kHorizon);
  EXPECT_EQ(by_purchase.members[0].id, "a");
  EXPECT_EQ(by_purchase.members[0].exhausted_at, day(10));
  EXPECT_EQ(by_purchase.members[1].drain_starts_at, day(10));
  EXPECT_EQ(by_purchase.members[1].waste, 500);
  EXPECT_EQ(by_purchase.members[1].waste_at, day(15));
  EXPECT_EQ(by_purchase.runs_out_at, day(15));
  EXPECT_EQ(by_purchase.waste, 500);
}

TEST(Simulate, ARefillJoiningLaterIsDrawnFromWhenItsTurnComes) {
  // a (1000, day 30) days 0-10; the refill r (1000, starts day 5, expires day 200) days 10-20.
  const auto sim = simulate({member("a", 1000, 30), member("r", 1000, 200, 5)}, kHundredADay, kNow, kHorizon);
  EXPECT_EQ(sim.members[1].id, "r");
  EXPECT_EQ(sim.members[1].drain_starts_at, day(10));
  EXPECT_EQ(sim.members[1].exhausted_at, day(20));
  EXPECT_EQ(sim.runs_out_at, day(20));
  EXPECT_EQ(sim.cover, 7000);
}

TEST(Simulate, AMemberStartingLaterWithAnEarlierExpiryTakesOverWhenItStarts) {
  // a (1000, day 30) from day 0; s (300, days 4-6) comes first in expiry order once it starts:
  // a days 0-4 (400), s days 4-6 (200, 100 lost at day 6), a again: 600 left, used up day 12;
  // then r (1000, from day 1, day 200) days 12-22.
  const auto sim = simulate({member("a", 1000, 30), member("s", 300, 6, 4), member("r", 1000, 200, 1)},
                            kHundredADay, kNow, kHorizon);
  ASSERT_EQ(sim.members.size(), 3u);
  EXPECT_EQ(sim.members[0].id, "s");
  EXPECT_EQ(sim.members[0].drain_starts_at, day(4));
  EXPECT_EQ(sim.members[0].drain_stops_at, day(6));
  EXPECT_EQ(sim.members[0].waste, 100);
  EXPECT_EQ(sim.members[1].id, "a");
  EXPECT_EQ(sim.members[1].drain_starts_at, kNow);
  EXPECT_EQ(sim.members[1].exhausted_at, day(12));
  EXPECT_EQ(sim.members[2].drain_starts_at, day(12));
  EXPECT_EQ(sim.runs_out_at, day(22));
}

TEST(Simulate, AGapBeforeAMemberStartsIsWhenThePoolRunsOut) {
  // a (100) lasts one day; b (1000) only starts on day 5: usage is not covered from day 1, b is
  // drawn days 5-15. Uncovered in 90 days: days 1-5 and 15-90, 7900.
  const auto sim = simulate({member("a", 100, 30), member("b", 1000, 200, 5)}, kHundredADay, kNow, kHorizon);
  EXPECT_EQ(sim.runs_out_at, day(1));
  EXPECT_EQ(sim.members[1].drain_starts_at, day(5));
  EXPECT_EQ(sim.members[1].exhausted_at, day(15));
  EXPECT_EQ(sim.cover, 7900);
}

TEST(Simulate, FlatUsageRunsOutNeverAndLosesWhatExpires) {
  // Nothing is drawn: a loses all 1000 at day 30; b never expires.
  const auto sim = simulate({member("a", 1000, 30), member("b", 500, std::nullopt)}, Rate{0, 1}, kNow, kHorizon);
  EXPECT_FALSE(sim.runs_out_at);
  EXPECT_EQ(sim.no_run_out, NoRunOut::kFlatUsage);
  EXPECT_EQ(sim.members[0].waste, 1000);
  EXPECT_EQ(sim.members[0].waste_at, day(30));
  EXPECT_FALSE(sim.members[0].drain_starts_at);
  EXPECT_EQ(sim.members[1].waste, 0);
  EXPECT_EQ(sim.waste, 1000);
  EXPECT_EQ(sim.cover, 0);
}

TEST(Simulate, AMemberAlreadyUsedUpIsSkipped) {
  // a is exhausted (0 left) although it expires first: b is drawn from now, for 10 days.
  const auto sim = simulate({member("a", 0, 5), member("b", 1000, 50)}, kHundredADay, kNow, kHorizon);
  EXPECT_EQ(sim.members[0].id, "a");
  EXPECT_FALSE(sim.members[0].drain_starts_at);
  EXPECT_FALSE(sim.members[0].exhausted_at);
  EXPECT_EQ(sim.members[0].waste, 0);
  EXPECT_EQ(sim.members[1].drain_starts_at, kNow);
  EXPECT_EQ(sim.runs_out_at, day(10));
}

TEST(Simulate, AMemberUsedUpWithinASecondPassesTheRestOfThatSecondOn) {
  // 3 units every 2 seconds. a (5): 4 s to cover 5 units (6 drawn in 4 s, 1 owed to b).
  // b (5): 1 owed, then 4 left: 3 s (4.5 drawn). Runs out at 7 s. The 10-second horizon needs
  // 15: 5 more.
  const auto sim = simulate({member("a", 5, 10), member("b", 5, 20)}, Rate{3, 2}, kNow, 10);
  EXPECT_EQ(sim.members[0].exhausted_at, kNow + 4);
  EXPECT_EQ(sim.members[1].drain_starts_at, kNow + 4);
  EXPECT_EQ(sim.members[1].exhausted_at, kNow + 7);
  EXPECT_EQ(sim.runs_out_at, kNow + 7);
  EXPECT_EQ(sim.cover, 5);
}

TEST(Simulate, PetabytesKeepEveryByte) {
  // 5e17 bytes at 1e15 a day: exactly 500 days; no rounding anywhere on the way.
  const auto sim = simulate({member("a", 500'000'000'000'000'000, 1000)}, Rate{1'000'000'000'000'000, kDay}, kNow,
                            kHorizon);
  EXPECT_EQ(sim.runs_out_at, day(500));
  EXPECT_EQ(sim.cover, 0);
  EXPECT_EQ(sim.waste, 0);
}

TEST(Simulate, NothingToDrawOnRunsOutNow) {
  const auto sim = simulate({member("a", 1000, -1)}, kHundredADay, kNow, kHorizon);
  EXPECT_EQ(sim.runs_out_at, kNow);
  EXPECT_EQ(sim.waste, 0);  // expired before now: a past loss, not one this forecast expects
  EXPECT_EQ(sim.cover, 9000);
}

TEST(Simulate, UseTooSlowToMatterIsBeyondTheLimit) {
  const auto sim = simulate({member("a", 1'000'000'000'000, std::nullopt)}, Rate{1, kDay}, kNow, kHorizon);
  EXPECT_FALSE(sim.runs_out_at);
  EXPECT_EQ(sim.no_run_out, NoRunOut::kBeyondLimit);
  EXPECT_EQ(sim.members[0].drain_starts_at, kNow);
  EXPECT_EQ(sim.cover, 0);
}

}  // namespace
