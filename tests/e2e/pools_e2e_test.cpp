// Pools against a real emulator that burns the traffic pool the way a cloud deducts (one package
// at a time, soonest expiry first) at a steady share of the pool's total: the pool's burn rate
// comes out within 10 % of the truth; its run-out date and waste lie between what the same
// simulation over the emulator's own data gives at 0.9 and 1.1 times the true rate; members wait
// in line with their start dates; the pool's rate is there at once after a restart on the same
// history file.

#include <chrono>
#include <cmath>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "adapters/common/time.hpp"
#include "gateway/pools/simulate.hpp"
#include "tests/e2e/e2e_support.hpp"

namespace {

using namespace qg::test;
using namespace std::chrono_literals;

// Of the pool's total per hour: some 170 days for the whole pool, so some members expire before
// their turn and others are used up.
constexpr double kPoolBurnPerHour = 0.00025;
constexpr const char* kPool = "tencent-live:live-test:live-traffic:bytes";
constexpr std::int64_t kHorizon = 90 * 86400;

std::int64_t beijing(const boost::json::object& p, const char* key) {
  return qg::adapters::parse_local_datetime(p.at(key).as_string(), qg::adapters::kBeijingUtcOffsetSeconds).value();
}

std::optional<std::int64_t> time_of(const boost::json::value& v) {
  if (v.is_null()) return std::nullopt;
  return qg::adapters::parse_rfc3339(v.as_string());
}

// The emulator's traffic packages (PackageType 0): the pool.
const boost::json::array& traffic(const boost::json::object& dataset) {
  return dataset.at("tencent_live").as_array()[0].as_array();
}

// The simulation over the emulator's own counters, at `rate` bytes a day.
qg::pools::Simulation simulate_truth(const boost::json::object& dataset, std::int64_t as_of, double rate) {
  std::vector<qg::pools::SimMember> members;
  for (const auto& v : traffic(dataset)) {
    const auto& p = v.as_object();
    qg::pools::SimMember m;
    m.id = "tencent-live:live-test:" + std::string(p.at("Id").as_string());
    const auto status = p.at("Status").as_int64();
    m.remaining = status == 0 || status == 1 ? p.at("Left").as_int64() : 0;
    m.starts_at = beijing(p, "BuyTime");
    m.expires_at = beijing(p, "ExpireTime");
    m.order = {*m.expires_at, *m.starts_at};
    members.push_back(m);
  }
  return qg::pools::simulate(std::move(members), qg::pools::rate_from_per_day(rate), as_of, kHorizon);
}

GatewayOptions tencent_with_history(const std::string& file) {
  GatewayOptions o;
  o.ice = o.aicontent = false;
  o.extra_yaml = "cache: { ttl: 1s, stale_while_revalidate: 1s }\nhistory: { path: " + file + ", min_span: 3s }\n";
  return o;
}

// The pool once the gateway has watched it burn for `seconds` (its counters read that long after
// `since`) and has a rate.
boost::json::object watched_pool(Gateway& gateway, std::int64_t since, std::int64_t seconds) {
  boost::json::object pool;
  wait_until(
      [&] {
        const auto r = gateway.get(std::string("/pools/") + kPool);
        if (r.status != 200) return false;
        pool = r.json().as_object();
        const auto as_of = time_of(pool.at("as_of"));
        return !pool.at("burn_rate_per_day").is_null() && as_of && *as_of >= since + seconds;
      },
      120s);
  return pool;
}

TEST(PoolsE2E, ASteadyBurnInDeductionOrderGivesThePoolsRateRunOutDateAndWaste) {
  Emulator emulator;
  const std::int64_t since = unix_now();
  emulator.usage(R"({"api":"tencent-live","pool_burn_per_hour":0.00025})");
  const double truth = traffic_pool_burn_per_day(emulator.dataset(), kPoolBurnPerHour, since);
  ASSERT_GT(truth, 0);
  Gateway gateway(emulator, tencent_with_history(write_temp_file("", ".db") + "-pools.db"));
  gateway.wait_ready();
  // Samples are stamped in whole seconds a second or two apart: half a minute keeps that within 5 %.
  const auto pool = watched_pool(gateway, since, 30);
  ASSERT_FALSE(pool.empty());
  const double rate = pool.at("burn_rate_per_day").to_number<double>();
  EXPECT_NEAR(rate, truth, truth * 0.10) << boost::json::serialize(pool);

  // The same simulation over the emulator's counters now, at the true rate give or take 10 %.
  const std::int64_t as_of = *time_of(pool.at("as_of"));
  const auto data = emulator.dataset();
  const auto slow = simulate_truth(data, as_of, truth * 0.9);
  const auto exact = simulate_truth(data, as_of, truth);
  const auto fast = simulate_truth(data, as_of, truth * 1.1);
  ASSERT_TRUE(exact.runs_out_at) << "the pool should run out within the simulation's reach";
  ASSERT_GT(exact.waste, 0) << "the burn should be slow enough for some members to expire before their turn";
  const auto runs_out = time_of(pool.at("projected_exhaustion_at"));
  ASSERT_TRUE(runs_out) << boost::json::serialize(pool);
  EXPECT_EQ(pool.at("buy_by"), pool.at("projected_exhaustion_at"));
  // A day of slack: the emulator's counters move on while the two reads happen.
  EXPECT_GE(*runs_out, *fast.runs_out_at - 86400);
  EXPECT_LE(*runs_out, *slow.runs_out_at + 86400);
  const auto waste = pool.at("waste").as_int64();
  EXPECT_GE(static_cast<double>(waste), static_cast<double>(slow.waste < fast.waste ? slow.waste : fast.waste) * 0.99);
  EXPECT_LE(static_cast<double>(waste), static_cast<double>(slow.waste > fast.waste ? slow.waste : fast.waste) * 1.01);
  // And within 10 % of the simulation at the true rate.
  EXPECT_NEAR(static_cast<double>(*runs_out), static_cast<double>(*exact.runs_out_at),
              0.10 * static_cast<double>(*exact.runs_out_at - as_of));
  EXPECT_NEAR(static_cast<double>(waste), static_cast<double>(exact.waste), 0.10 * static_cast<double>(exact.waste));
  std::cout << "pool rate " << rate << " B/day (truth " << truth << "), runs out " << *runs_out << " (truth "
            << *exact.runs_out_at << "), waste " << waste << " (truth " << exact.waste << ")\n";

  // Members in deduction order: the first drawn on from as_of, the others waiting with their dates.
  const auto& members = pool.at("members").as_array();
  ASSERT_EQ(members.size(), static_cast<std::size_t>(pool.at("member_count").as_int64()));
  std::optional<std::int64_t> previous_start;
  std::size_t waiting = 0;
  std::int64_t first_start = INT64_MAX;
  for (const auto& m : members) {
    const auto start = time_of(m.at("drain_starts_at"));
    if (!start) continue;
    first_start = std::min(first_start, *start);
    if (*start > as_of) ++waiting;
    if (previous_start) {
      EXPECT_GE(*start, *previous_start) << boost::json::serialize(m);  // in deduction order
    }
    previous_start = start;
  }
  EXPECT_EQ(first_start, as_of);
  EXPECT_GE(waiting, 2u) << "members waiting in line get their start dates";

  // A waiting member's record in /quotas carries the date the pool's simulation gives it.
  for (const auto& m : members) {
    const auto start = time_of(m.at("drain_starts_at"));
    if (!start || *start <= as_of || m.at("projected_exhaustion_at").is_null()) continue;
    const auto record = gateway.get("/quotas?q=" + std::string(m.at("id").as_string()) + "&fields=projected_exhaustion_at");
    const auto items = record.json().at("items").as_array();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_FALSE(items[0].at("projected_exhaustion_at").is_null()) << m.at("id");
    break;
  }

  // The listing's filters and sorts see the same pool.
  EXPECT_EQ(gateway.get("/pools?kind=live-traffic&wastes_more_than=" + std::to_string(waste - 1)).json().at("total_items").as_int64(), 1);
  EXPECT_EQ(gateway.get("/pools?exhausts_before=3650d&kind=live-traffic").json().at("total_items").as_int64(), 1);
  EXPECT_EQ(gateway.get("/pools?kind=live-traffic&wastes_more_than=" + std::to_string(waste)).json().at("total_items").as_int64(), 0);
  const auto csv = gateway.get("/pools?format=csv&kind=live-traffic");
  EXPECT_EQ(csv.header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.body.find(kPool), std::string::npos);
}

TEST(PoolsE2E, ThePoolsRateIsThereAtOnceAfterARestartOnTheSameHistory) {
  Emulator emulator;
  const std::int64_t since = unix_now();
  emulator.usage(R"({"api":"tencent-live","pool_burn_per_hour":0.00025})");
  const std::string file = write_temp_file("", ".db") + "-pools.db";
  {
    Gateway first(emulator, tencent_with_history(file));
    first.wait_ready();
    ASSERT_FALSE(watched_pool(first, since, 5).empty());
    EXPECT_EQ(first.process().stop(SIGTERM), 0);
  }
  Gateway second(emulator, tencent_with_history(file));
  second.wait_ready();
  const auto pool = second.get(std::string("/pools/") + kPool).json();
  EXPECT_FALSE(pool.at("burn_rate_per_day").is_null()) << boost::json::serialize(pool);
  EXPECT_FALSE(pool.at("projected_exhaustion_at").is_null());
}

}  // namespace
