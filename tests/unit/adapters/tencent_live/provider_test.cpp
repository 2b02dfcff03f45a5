// The provider's paging through a scripted UpstreamCaller: every package type, every page,
// pages 2..N concurrently after page 1, any failure fails the whole fetch.

#include <map>
#include <mutex>
#include <set>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "adapters/common/record_bounds.hpp"
#include "adapters/tencent_live/provider.hpp"
#include "tests/support/co_test.hpp"

namespace {

using namespace qg;
namespace net = boost::asio;

// Answers DescribeLivePackageInfo like the service: `counts[type]` packages, `page_size` a page.
class ScriptedCaller final : public adapters::UpstreamCaller {
 public:
  std::map<int, int> counts{{0, 230}, {1, 150}, {2, 7}};
  bool omit_totals = false;
  std::optional<std::pair<int, std::int64_t>> fail_at;  // (type, page)
  std::string fail_code = "InternalError";
  std::vector<std::pair<int, std::int64_t>> seen;
  bool overlap = false;                    // page p > 1 starts with page p-1's last item again
  int ids_modulo = 0;                      // > 0: the i-th package's Id is i % ids_modulo
  std::optional<std::int64_t> total_page;  // TotalPage to announce instead of the real one
  std::optional<std::int64_t> total_num;   // TotalNum to announce instead of the real one
  int page_items = 0;                      // > 0: every page carries this many items

  net::awaitable<adapters::CallResult> call(const adapters::UpstreamCall& call) override {
    const auto req = call.build({1735689600, "nonce"});
    const auto body = boost::json::parse(req.body).as_object();
    const int type = static_cast<int>(body.at("PackageType").as_int64());
    const auto page = body.at("PageNum").as_int64();
    const auto size = body.at("PageSize").as_int64();
    seen.emplace_back(type, page);
    adapters::HttpResponse res;
    res.status = 200;
    boost::json::object r;
    r["RequestId"] = "req";
    if (fail_at && *fail_at == std::make_pair(type, page)) {
      r["Error"] = boost::json::object{{"Code", fail_code}, {"Message", "scripted"}};
    } else {
      boost::json::array list;
      const int total = counts[type];
      const std::int64_t first = (page - 1) * size - (overlap && page > 1 ? 1 : 0);
      const std::int64_t end = page_items > 0 ? first + page_items : std::min<std::int64_t>(page * size, total);
      for (std::int64_t i = first; i < end; ++i) {
        const int response_type = type == 0 ? 0 : type == 1 ? static_cast<int>(1 + i % 2) : 3;
        const std::int64_t id = ids_modulo > 0 ? i % ids_modulo : type * 100000 + i;
        list.push_back(boost::json::object{{"Id", std::to_string(id)},
                                           {"Type", response_type},
                                           {"Status", static_cast<int>(i % 6)},
                                           {"Total", 1000},
                                           {"Used", i},
                                           {"Left", 1000 - i},
                                           {"BuyTime", "2025-01-01 08:00:00"},
                                           {"ExpireTime", "2026-01-01 08:00:00"}});
      }
      r["LivePackageInfoList"] = std::move(list);
      if (!omit_totals) {
        r["TotalNum"] = total_num.value_or(total);
        r["TotalPage"] = total_page.value_or((total + size - 1) / size);
      }
    }
    res.body = boost::json::serialize(boost::json::object{{"Response", r}});
    co_return call.decode(res);
  }
};

tencent_live::TencentLiveOptions options() {
  tencent_live::TencentLiveOptions o;
  o.account = "live-prod";
  o.endpoint = tencent_live::default_endpoint();
  o.secret_id = adapters::Secret("id");
  o.secret_key = adapters::Secret("key");
  return o;
}

CO_TEST(TencentLiveProvider, FetchesEveryPageOfEveryPackageTypeOnce) {
  ScriptedCaller caller;
  auto provider = tencent_live::make_provider(options());
  auto result = co_await provider->fetch_all(caller);
  EXPECT_TRUE(result);
  if (!result) co_return;
  EXPECT_EQ(result->size(), 230u + 150u + 7u);
  std::set<std::string> ids;
  for (const auto& r : *result) ids.insert(r.id);
  EXPECT_EQ(ids.size(), result->size());  // no duplicates
  std::set<std::pair<int, std::int64_t>> pages(caller.seen.begin(), caller.seen.end());
  EXPECT_EQ(caller.seen.size(), pages.size());  // each page once
  const std::set<std::pair<int, std::int64_t>> expected{{0, 1}, {0, 2}, {0, 3}, {1, 1}, {1, 2}, {2, 1}};
  EXPECT_EQ(pages, expected);
}

CO_TEST(TencentLiveProvider, AnyPageFailureFailsTheWholeFetch) {
  ScriptedCaller caller;
  caller.fail_at = std::make_pair(0, 3);
  caller.fail_code = "AuthFailure.SignatureFailure";
  auto provider = tencent_live::make_provider(options());
  auto result = co_await provider->fetch_all(caller);
  EXPECT_FALSE(result);
  if (result) co_return;
  EXPECT_EQ(result.error().code, "AuthFailure.SignatureFailure");
  EXPECT_EQ(result.error().kind, adapters::ErrorKind::kAuth);
}

CO_TEST(TencentLiveProvider, WithoutTotalsKeepsPagingWhilePagesAreFull) {
  ScriptedCaller caller;
  caller.omit_totals = true;
  caller.counts = {{0, 200}, {1, 0}, {2, 99}};
  auto provider = tencent_live::make_provider(options());
  auto result = co_await provider->fetch_all(caller);
  EXPECT_TRUE(result);
  if (!result) co_return;
  EXPECT_EQ(result->size(), 299u);
  // 200 traffic packages: pages 1 and 2 are full, page 3 is empty and ends it.
  std::set<std::pair<int, std::int64_t>> pages(caller.seen.begin(), caller.seen.end());
  EXPECT_TRUE(pages.count({0, 3}));
  EXPECT_FALSE(pages.count({0, 4}));
  EXPECT_FALSE(pages.count({2, 2}));
}

std::set<std::string> ids_of(const adapters::RecordList& records) {
  std::set<std::string> ids;
  for (const auto& r : records) ids.insert(r.id);
  return ids;
}

// Issue 24.8: records seen twice while pages shift, and different packages under one Id, were
// served with duplicate ids (duplicate /metrics series, page-following skipped 14 of 45).
CO_TEST(TencentLiveProvider, RepeatsAreDroppedAndSharedIdsMadeUniqueLikeTheOtherClouds) {
  ScriptedCaller caller;
  caller.counts = {{0, 45}, {1, 0}, {2, 0}};
  caller.overlap = true;     // pages 2 and 3 each repeat one item of the page before
  caller.ids_modulo = 31;    // packages 31..44 share an Id with 0..13
  auto o = options();
  o.page_size = 20;
  auto result = co_await tencent_live::make_provider(o)->fetch_all(caller);
  CO_ASSERT_TRUE(result);
  EXPECT_EQ(result->size(), 45u);  // 47 items fetched, two exact repeats dropped
  EXPECT_EQ(ids_of(*result).size(), 45u);
}

CO_TEST(TencentLiveProvider, MoreThanAThousandPagesAreRefusedNotCut) {
  ScriptedCaller announced;
  announced.total_page = 1001;
  auto result = co_await tencent_live::make_provider(options())->fetch_all(announced);
  CO_ASSERT_TRUE(!result);
  EXPECT_EQ(result.error().code, "TooManyPages");
  EXPECT_EQ(result.error().kind, adapters::ErrorKind::kBadResponse);
  for (const auto& [type, page] : announced.seen) EXPECT_EQ(page, 1) << type;  // nothing asked past page 1

  // Without totals: pages still full at the guard are refused too (they used to end the list
  // there and call it complete).
  ScriptedCaller endless;
  endless.omit_totals = true;
  endless.counts = {{0, 20'000}, {1, 0}, {2, 0}};
  auto o = options();
  o.page_size = 10;
  auto cut = co_await tencent_live::make_provider(o)->fetch_all(endless);
  CO_ASSERT_TRUE(!cut);
  EXPECT_EQ(cut.error().code, "TooManyPages");
}

// Issue 24.3: a page of more items than any API serves is not mapped; an account announcing more
// records than the bound is refused before its other pages are asked.
CO_TEST(TencentLiveProvider, PagesAndAccountsPastTheRecordBoundsAreRefused) {
  ScriptedCaller big_page;
  big_page.counts = {{0, 5}, {1, 0}, {2, 0}};
  big_page.page_items = static_cast<int>(adapters::kMaxItemsPerPage) + 1;
  auto result = co_await tencent_live::make_provider(options())->fetch_all(big_page);
  CO_ASSERT_TRUE(!result);
  EXPECT_EQ(result.error().code, "TooManyRecords");
  EXPECT_NE(result.error().message.find("1001 items"), std::string::npos) << result.error().message;

  ScriptedCaller big_account;
  big_account.total_num = adapters::kMaxRecordsPerAccount + 1;
  auto refused = co_await tencent_live::make_provider(options())->fetch_all(big_account);
  CO_ASSERT_TRUE(!refused);
  EXPECT_EQ(refused.error().code, "TooManyRecords");
  for (const auto& [type, page] : big_account.seen) EXPECT_EQ(page, 1) << type;
}

}  // namespace
