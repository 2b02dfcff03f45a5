#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "adapters/common/time.hpp"

#include "gateway/pools/pool_exposition.hpp"
#include "gateway/pools/pool_listing.hpp"
#include "gateway/pools/pool_query.hpp"
#include "gateway/pools/pool_render.hpp"

// GET /pools' pure parts: its parameters, the listing, the bodies and the metric families.
namespace {

using qg::pools::Pool;

constexpr std::int64_t kNow = 1'800'000'000;
constexpr std::int64_t kDay = 86400;
const std::vector<std::string> kAccounts{"live", "aic"};

qg::adapters::QuotaRecord member(const std::string& id, std::int64_t remaining, std::int64_t expires_in_days) {
  qg::adapters::QuotaRecord r;
  r.id = "tencent-live:live:" + id;
  r.provider = "tencent-live";
  r.account = "live";
  r.kind = "live-transcode";
  r.unit = "minutes";
  r.name = "Transcode " + id;
  r.status = qg::adapters::QuotaStatus::kActive;
  r.remaining = remaining;
  r.expires_at = kNow + expires_in_days * kDay;
  return r;
}

// A pool as forecast_pools makes it, with a simulation of its two members in hand.
Pool pool(const std::string& kind, const std::vector<const qg::adapters::QuotaRecord*>& members,
          std::optional<std::int64_t> runs_out, std::int64_t waste) {
  Pool p;
  p.key = {"tencent-live", "live", kind, "minutes", {}, qg::pools::DeductionOrder::kExpiryFirst};
  p.id = p.key.id();
  p.members = members;
  p.as_of = kNow;
  for (const auto* m : members) p.remaining += *m->remaining;
  p.burn_rate_per_day = 100;
  qg::pools::Simulation sim;
  sim.runs_out_at = runs_out;
  if (!runs_out) sim.no_run_out = qg::pools::NoRunOut::kBeyondLimit;
  sim.waste = waste;
  sim.cover = 1234;
  for (const auto* m : members) {
    qg::pools::MemberOutcome o;
    o.id = m->id;
    o.drain_starts_at = kNow;
    o.drain_stops_at = kNow + kDay;
    if (m == members.front() && waste > 0) {
      o.waste = waste;
      o.waste_at = kNow + 3 * kDay;
    }
    sim.members.push_back(o);
  }
  p.simulation = sim;
  return p;
}

qg::pools::PoolQuery query(std::string_view raw) {
  auto q = qg::pools::parse_pool_query(raw, kNow, kAccounts);
  EXPECT_TRUE(q) << raw;
  return q ? *q : qg::pools::PoolQuery{};
}

std::vector<qg::problem::InvalidParam> bad(std::string_view raw) {
  auto q = qg::pools::parse_pool_query(raw, kNow, kAccounts);
  EXPECT_FALSE(q) << raw;
  return q ? std::vector<qg::problem::InvalidParam>{} : q.error();
}

TEST(PoolQuery, DefaultsAndParameters) {
  const auto q = query("");
  EXPECT_EQ(q.horizon_seconds, 90 * kDay);
  EXPECT_EQ(q.sort, (std::vector<qg::quotas::SortKey>{{"projected_exhaustion_at", false}}));
  EXPECT_EQ(query("horizon=12w").horizon_seconds, 84 * kDay);
  EXPECT_EQ(query("exhausts_before=14d").exhausts_before, kNow + 14 * kDay);
  EXPECT_EQ(query("wastes_more_than=0").wastes_more_than, 0);
  EXPECT_EQ(query("sort=-waste,buy_by").sort.size(), 2u);
  EXPECT_EQ(query("provider=tencent-live&account=live&kind=a,b").kinds.size(), 2u);
  EXPECT_EQ(query("kind=a&horizon=30d").fingerprint, query("horizon=30d&kind=a").fingerprint);
  EXPECT_NE(query("horizon=30d").fingerprint, query("horizon=31d").fingerprint);
}

TEST(PoolQuery, EveryBadParameterIsNamed) {
  for (const char* raw : {"horizon=-3d", "horizon=30m", "horizon=3651d", "horizon=2026-12-31T00:00:00Z"}) {
    EXPECT_EQ(bad(raw).front().name, "horizon") << raw;
  }
  EXPECT_EQ(bad("wastes_more_than=-1").front().name, "wastes_more_than");
  EXPECT_EQ(bad("format=ndjson").front().name, "format");
  EXPECT_EQ(bad("account=nobody").front().name, "account");
  EXPECT_EQ(bad("sort=name").front().name, "sort");
  const auto unknown = bad("status=active");
  EXPECT_NE(unknown.front().reason.find("GET /pools"), std::string::npos);
  EXPECT_EQ(bad("horizon=1d&horizon=2d").front().reason, "may be given only once");
  EXPECT_TRUE(qg::pools::parse_pool_detail_query("horizon=30d"));
  EXPECT_FALSE(qg::pools::parse_pool_detail_query("sort=waste"));
}

class PoolListing : public ::testing::Test {
 protected:
  qg::adapters::QuotaRecord a = member("a", 100, 3), b = member("b", 200, 60), c = member("c", 50, 30);
  std::vector<Pool> pools{pool("live-transcode", {&a, &b}, kNow + 10 * kDay, 40),
                          pool("live-transcode-topspeed", {&c}, kNow + 2 * kDay, 0),
                          pool("live-linkmic", {}, std::nullopt, 0)};
};

TEST_F(PoolListing, FiltersAndSortsLikeTheirNames) {
  auto ids = [&](std::string_view raw) {
    std::vector<std::string> out;
    const auto page = qg::pools::select_pools(pools, query(raw), "k");
    for (const Pool* p : page->items) out.push_back(p->key.kind);
    return out;
  };
  EXPECT_EQ(ids(""), (std::vector<std::string>{"live-transcode-topspeed", "live-transcode", "live-linkmic"}));
  EXPECT_EQ(ids("exhausts_before=5d"), (std::vector<std::string>{"live-transcode-topspeed"}));
  EXPECT_EQ(ids("wastes_more_than=0"), (std::vector<std::string>{"live-transcode"}));
  EXPECT_EQ(ids("sort=-remaining"), (std::vector<std::string>{"live-transcode", "live-transcode-topspeed", "live-linkmic"}));
  EXPECT_EQ(ids("kind=live-linkmic"), (std::vector<std::string>{"live-linkmic"}));
}

TEST_F(PoolListing, PagesFollowTheirTokensAndRefuseAnotherQuerys) {
  auto first = qg::pools::select_pools(pools, query("page_size=2"), "k");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->total_items, 3u);
  ASSERT_TRUE(first->next_page_token);
  auto second = qg::pools::select_pools(pools, query("page_size=2&page_token=" + *first->next_page_token), "k");
  ASSERT_TRUE(second);
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0]->key.kind, "live-linkmic");
  EXPECT_FALSE(second->next_page_token);
  EXPECT_FALSE(qg::pools::select_pools(pools, query("sort=-waste&page_token=" + *first->next_page_token), "k"));
}

TEST_F(PoolListing, JsonAndCsvCarryTheForecast) {
  const auto o = qg::pools::pool_json(pools[0], true);
  EXPECT_EQ(o.at("id").as_string(), "tencent-live:live:live-transcode:minutes");
  EXPECT_EQ(o.at("remaining").as_int64(), 300);
  EXPECT_EQ(o.at("waste").as_int64(), 40);
  EXPECT_EQ(o.at("buy_by"), o.at("projected_exhaustion_at"));
  EXPECT_TRUE(o.at("no_exhaustion_reason").is_null());
  EXPECT_EQ(o.at("next_waste_at").as_string(), qg::adapters::format_rfc3339_utc(kNow + 3 * kDay));
  ASSERT_EQ(o.at("members").as_array().size(), 2u);
  EXPECT_EQ(o.at("members").as_array()[0].at("waste").as_int64(), 40);
  EXPECT_FALSE(qg::pools::pool_json(pools[0], false).contains("members"));
  EXPECT_EQ(qg::pools::pool_json(pools[2], false).at("no_exhaustion_reason").as_string(), "beyond_100_years");

  auto page = qg::pools::select_pools(pools, query("sort=id"), "k");
  const auto body = boost::json::parse(qg::pools::render_pools_json(*page, {})).as_object();
  EXPECT_EQ(body.at("total_items").as_int64(), 3);
  EXPECT_TRUE(body.at("next_page_token").is_null());
  const auto csv = qg::pools::render_pools_csv(*page);
  EXPECT_TRUE(csv.starts_with("id,provider,account,kind,unit,resource_catalog_code,deduction_order,as_of,")) << csv;
  EXPECT_NE(csv.find("\r\ntencent-live:live:live-linkmic:minutes,tencent-live,live,live-linkmic,minutes,,expiry_first,"),
            std::string::npos)
      << csv;
}

TEST_F(PoolListing, MetricsAreInBaseUnitsWithTheLabelsOnInfo) {
  const auto text = qg::pools::render_pool_families(pools, 0.05);
  EXPECT_NE(text.find("quotagw_pool_info{account=\"live\",deduction_order=\"expiry_first\",kind=\"live-transcode\","
                      "native_unit=\"minutes\",pool_id=\"tencent-live:live:live-transcode:minutes\",provider=\"tencent-live\"} 1"),
            std::string::npos)
      << text;
  // Minutes as seconds.
  EXPECT_NE(text.find("quotagw_pool_remaining_seconds{pool_id=\"tencent-live:live:live-transcode:minutes\"} 18000\n"),
            std::string::npos);
  EXPECT_NE(text.find("quotagw_pool_waste_seconds{pool_id=\"tencent-live:live:live-transcode:minutes\"} 2400\n"),
            std::string::npos);
  EXPECT_NE(text.find("quotagw_pool_buy_by_timestamp_seconds{pool_id=\"tencent-live:live:live-transcode:minutes\"} " +
                      std::to_string(kNow + 10 * kDay) + "\n"),
            std::string::npos);
  EXPECT_EQ(text.find("quotagw_pool_buy_by_timestamp_seconds{pool_id=\"tencent-live:live:live-linkmic:minutes\"}"),
            std::string::npos);  // no date: no series
  EXPECT_EQ(text.find("quotagw_pool_remaining_bytes"), std::string::npos);  // no family without samples
  EXPECT_NE(text.find("\nquotagw_pool_waste_threshold_ratio 0.05\n"), std::string::npos);
  EXPECT_EQ(text.find("# TYPE quotagw_pool_info gauge"), text.find("# TYPE quotagw_pool_info"));
}

}  // namespace
