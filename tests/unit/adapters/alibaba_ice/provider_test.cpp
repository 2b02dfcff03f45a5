// The provider's paging through a scripted UpstreamCaller (providers.md §2.7): page 1, then
// pages 2..ceil(TotalCount/PageSize) each once; without TotalCount, on while pages are full;
// any page's failure fails the whole fetch.

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "adapters/alibaba_ice/provider.hpp"
#include "tests/support/co_test.hpp"

namespace {

using namespace qg;
namespace net = boost::asio;

// "a=1&b=%2F" → {a: 1, b: /}
std::map<std::string, std::string> parse_query(std::string_view target) {
  std::map<std::string, std::string> out;
  const auto q = target.find('?');
  if (q == std::string_view::npos) return out;
  auto decode = [](std::string_view s) {
    std::string d;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '%' && i + 2 < s.size()) {
        d.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
        i += 2;
      } else {
        d.push_back(s[i]);
      }
    }
    return d;
  };
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    out[decode(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : decode(pair.substr(eq + 1));
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
  }
  return out;
}

// Answers GetAiRtcLicenseInfoList like the service: `total` batches, PageSize a page.
class ScriptedCaller final : public adapters::UpstreamCaller {
 public:
  std::int64_t total = 230;
  bool omit_total = false;
  std::optional<std::int64_t> cap;      // the service's own page size limit, when it has one
  std::int64_t shift = 0;               // items inserted in front after page 1 (later pages repeat)
  bool repeats_changed = false;         // ... and a repeated item changed meanwhile
  std::optional<std::int64_t> fail_at;  // page
  unsigned fail_status = 503;
  std::string fail_body = R"({"RequestId":"fail-req","Code":"ServiceUnavailable","Message":"scripted"})";
  std::vector<std::int64_t> seen;
  std::vector<std::string> operations;
  std::vector<adapters::HttpRequest> requests;

  net::awaitable<adapters::CallResult> call(const adapters::UpstreamCall& call) override {
    operations.emplace_back(call.operation);
    const adapters::AttemptContext attempt{1735787045, "3156853299f313e23d1673dc12e1703d"};
    const auto req = call.build(attempt);
    requests.push_back(req);
    auto query = parse_query(req.target);
    const std::int64_t page = std::stoll(query["PageNo"]);
    const std::int64_t size = std::min<std::int64_t>(std::stoll(query["PageSize"]), cap.value_or(INT64_MAX));
    seen.push_back(page);
    adapters::HttpResponse res;
    if (fail_at && *fail_at == page) {
      res.status = fail_status;
      res.body = fail_body;
      co_return call.decode(res);
    }
    res.status = 200;
    boost::json::array list;
    const std::int64_t moved = page > 1 ? shift : 0;
    for (std::int64_t i = (page - 1) * size - moved; i < std::min(page * size - moved, total); ++i) {
      const bool repeated = page > 1 && i < size;
      list.push_back(boost::json::object{{"LicenseItemId", "L" + std::to_string(i)},
                                         {"Type", 1 + i % 2},
                                         {"Status", 1},
                                         {"LicenseCount", repeated && repeats_changed ? 101 : 100},
                                         {"BeginOn", "2025-01-01T00:00:00Z"},
                                         {"ExpiredOn", "2026-01-01T00:00:00Z"}});
    }
    boost::json::object body{
        {"RequestId", "req-" + std::to_string(page)}, {"Success", true}, {"Code", "Success"}};
    body["LicenseInfoList"] = std::move(list);
    if (!omit_total) body["TotalCount"] = total;
    res.body = boost::json::serialize(body);
    co_return call.decode(res);
  }

  std::set<std::int64_t> pages() const { return {seen.begin(), seen.end()}; }
};

alibaba_ice::IceOptions options(std::int64_t page_size = 50) {
  alibaba_ice::IceOptions o;
  o.account = "ice-prod";
  o.endpoint = alibaba_ice::default_endpoint("cn-shanghai");
  o.access_key_id = "LTAI5tExampleAccessKeyId00";
  o.access_key_secret = adapters::Secret("ExampleAccessKeySecret0123456789");
  o.page_size = page_size;
  return o;
}

CO_TEST(AlibabaIceProvider, FetchesPageOneThenEveryOtherPageOnce) {
  ScriptedCaller caller;
  auto provider = alibaba_ice::make_provider(options());
  EXPECT_EQ(provider->provider(), "alibaba-ice");
  EXPECT_EQ(provider->account(), "ice-prod");
  EXPECT_EQ(provider->endpoint().host, "ice.cn-shanghai.aliyuncs.com");
  auto result = co_await provider->fetch_all(caller);
  CO_ASSERT_TRUE(result);
  EXPECT_EQ(result->size(), 230u);
  CO_ASSERT_TRUE(!caller.seen.empty());
  EXPECT_EQ(caller.seen.front(), 1);  // page 1 first: it tells the total
  EXPECT_EQ(caller.seen.size(), 5u);  // each page once
  const std::set<std::int64_t> expected{1, 2, 3, 4, 5};
  EXPECT_EQ(caller.pages(), expected);
  std::set<std::string> ids;
  for (const auto& r : *result) ids.insert(r.id);
  EXPECT_EQ(ids.size(), 230u);
  EXPECT_TRUE(ids.count("alibaba-ice:ice-prod:L0"));
  EXPECT_TRUE(ids.count("alibaba-ice:ice-prod:L229"));
  // Records come back in page order.
  EXPECT_EQ(result->front().id, "alibaba-ice:ice-prod:L0");
  EXPECT_EQ(result->back().id, "alibaba-ice:ice-prod:L229");
  for (const auto& op : caller.operations) {
    EXPECT_EQ(op, "GetAiRtcLicenseInfoList");
  }
  for (const auto& req : caller.requests) {
    EXPECT_EQ(req.method, "POST");
  }
  EXPECT_EQ(caller.requests.front().target, "/?NeedTotalCount=true&PageNo=1&PageSize=50");
}

CO_TEST(AlibabaIceProvider, ExactMultipleOfThePageSizeAsksNoExtraPage) {
  ScriptedCaller caller;
  caller.total = 100;
  auto provider = alibaba_ice::make_provider(options());
  auto result = co_await provider->fetch_all(caller);
  CO_ASSERT_TRUE(result);
  EXPECT_EQ(result->size(), 100u);
  const std::set<std::int64_t> expected{1, 2};
  EXPECT_EQ(caller.pages(), expected);
  EXPECT_EQ(caller.seen.size(), 2u);
}

CO_TEST(AlibabaIceProvider, EmptyAccountIsOnePageAndNoRecords) {
  ScriptedCaller caller;
  caller.total = 0;
  auto provider = alibaba_ice::make_provider(options());
  auto result = co_await provider->fetch_all(caller);
  CO_ASSERT_TRUE(result);
  EXPECT_TRUE(result->empty());
  EXPECT_EQ(caller.seen, std::vector<std::int64_t>{1});
}

CO_TEST(AlibabaIceProvider, WithoutTotalCountKeepsPagingWhilePagesAreFull) {
  ScriptedCaller caller;
  caller.omit_total = true;
  caller.total = 100;  // pages 1 and 2 full, page 3 empty and the last
  auto provider = alibaba_ice::make_provider(options());
  auto result = co_await provider->fetch_all(caller);
  CO_ASSERT_TRUE(result);
  EXPECT_EQ(result->size(), 100u);
  EXPECT_EQ(caller.seen, (std::vector<std::int64_t>{1, 2, 3}));

  ScriptedCaller short_last;
  short_last.omit_total = true;
  short_last.total = 120;  // page 3 holds 20: short, so the last
  auto again = co_await provider->fetch_all(short_last);
  CO_ASSERT_TRUE(again);
  EXPECT_EQ(again->size(), 120u);
  EXPECT_EQ(short_last.seen, (std::vector<std::int64_t>{1, 2, 3}));

  ScriptedCaller one_short;
  one_short.omit_total = true;
  one_short.total = 7;
  auto single = co_await provider->fetch_all(one_short);
  CO_ASSERT_TRUE(single);
  EXPECT_EQ(single->size(), 7u);
  EXPECT_EQ(one_short.seen, std::vector<std::int64_t>{1});
}

CO_TEST(AlibabaIceProvider, AFailingLaterPageFailsTheWholeFetch) {
  ScriptedCaller caller;
  caller.fail_at = 3;
  auto provider = alibaba_ice::make_provider(options());
  auto result = co_await provider->fetch_all(caller);
  CO_ASSERT_TRUE(!result);
  EXPECT_EQ(result.error().code, "ServiceUnavailable");
  EXPECT_EQ(result.error().kind, adapters::ErrorKind::kTransient);
  EXPECT_EQ(result.error().http_status, 503);
  EXPECT_EQ(result.error().request_id, "fail-req");
}

CO_TEST(AlibabaIceProvider, AFailingFirstPageStopsBeforeAnyOtherPage) {
  ScriptedCaller caller;
  caller.fail_at = 1;
  caller.fail_status = 400;
  caller.fail_body = R"({"RequestId":"sig","Code":"SignatureDoesNotMatch","Message":"scripted"})";
  auto provider = alibaba_ice::make_provider(options());
  auto result = co_await provider->fetch_all(caller);
  CO_ASSERT_TRUE(!result);
  EXPECT_EQ(result.error().code, "SignatureDoesNotMatch");
  EXPECT_EQ(result.error().kind, adapters::ErrorKind::kAuth);
  EXPECT_EQ(caller.seen, std::vector<std::int64_t>{1});
}

CO_TEST(AlibabaIceProvider, ABusinessFailureOnHttp200FailsTheFetch) {
  ScriptedCaller caller;
  caller.fail_at = 2;
  caller.fail_status = 200;
  caller.fail_body = R"({"RequestId":"biz","Success":false,"Code":"InvalidParameter","Message":"scripted"})";
  auto provider = alibaba_ice::make_provider(options());
  auto result = co_await provider->fetch_all(caller);
  CO_ASSERT_TRUE(!result);
  EXPECT_EQ(result.error().code, "InvalidParameter");
  EXPECT_EQ(result.error().kind, adapters::ErrorKind::kInvalidRequest);
  EXPECT_EQ(result.error().request_id, "biz");
}

CO_TEST(AlibabaIceProvider, AFailingPageWithoutTotalCountFailsTheFetch) {
  ScriptedCaller caller;
  caller.omit_total = true;
  caller.total = 500;
  caller.fail_at = 2;
  caller.fail_status = 429;
  caller.fail_body = R"({"RequestId":"thr","Code":"Throttling.User","Message":"scripted"})";
  auto provider = alibaba_ice::make_provider(options());
  auto result = co_await provider->fetch_all(caller);
  CO_ASSERT_TRUE(!result);
  EXPECT_EQ(result.error().kind, adapters::ErrorKind::kThrottled);
  EXPECT_EQ(caller.seen, (std::vector<std::int64_t>{1, 2}));
}

CO_TEST(AlibabaIceProvider, PageSizeOptionReachesTheWire) {
  ScriptedCaller caller;
  caller.total = 25;
  auto provider = alibaba_ice::make_provider(options(10));
  auto result = co_await provider->fetch_all(caller);
  CO_ASSERT_TRUE(result);
  EXPECT_EQ(result->size(), 25u);
  const std::set<std::int64_t> expected{1, 2, 3};
  EXPECT_EQ(caller.pages(), expected);
  for (const auto& req : caller.requests) {
    EXPECT_EQ(parse_query(req.target).at("PageSize"), "10");
  }
}

CO_TEST(AlibabaIceProvider, AServiceCappingPageSizeStillYieldsEveryBatch) {
  // We ask 50 a page, the service gives 20 and says 45 in all: page 1 shows its real page size,
  // so pages 2 and 3 are asked too (counting in 50s would stop after page 1 and miss 25).
  ScriptedCaller caller;
  caller.cap = 20;
  caller.total = 45;
  auto provider = alibaba_ice::make_provider(options());
  auto result = co_await provider->fetch_all(caller);
  CO_ASSERT_TRUE(result);
  EXPECT_EQ(result->size(), 45u);
  EXPECT_EQ(caller.pages(), (std::set<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(caller.seen.size(), 3u);
}

CO_TEST(AlibabaIceProvider, ATotalBeyondThePageGuardIsRefusedNotTruncated) {
  ScriptedCaller caller;
  caller.total = 1'000'000'000'000;
  auto provider = alibaba_ice::make_provider(options());
  auto result = co_await provider->fetch_all(caller);
  CO_ASSERT_TRUE(!result);
  EXPECT_EQ(result.error().code, "TooManyPages");
  EXPECT_EQ(result.error().kind, adapters::ErrorKind::kBadResponse);
  EXPECT_EQ(caller.seen, std::vector<std::int64_t>{1});  // nothing asked past page 1

  auto o = options();
  o.max_pages = 4;
  ScriptedCaller five_pages;  // 230 batches = 5 pages of 50
  auto guarded = alibaba_ice::make_provider(o);
  auto refused = co_await guarded->fetch_all(five_pages);
  CO_ASSERT_TRUE(!refused);
  EXPECT_EQ(refused.error().code, "TooManyPages");
  o.max_pages = 5;
  ScriptedCaller exactly;
  auto enough = co_await alibaba_ice::make_provider(o)->fetch_all(exactly);
  CO_ASSERT_TRUE(enough);
  EXPECT_EQ(enough->size(), 230u);
}

CO_TEST(AlibabaIceProvider, ItemsSeenTwiceWhilePagingKeepUniqueIds) {
  // A batch added in front after page 1 pushes page 1's last batch onto page 2.
  ScriptedCaller caller;
  caller.total = 100;
  caller.shift = 1;
  auto provider = alibaba_ice::make_provider(options());
  auto result = co_await provider->fetch_all(caller);
  CO_ASSERT_TRUE(result);
  std::set<std::string> ids;
  for (const auto& r : *result) ids.insert(r.id);
  EXPECT_EQ(ids.size(), result->size());
  EXPECT_EQ(result->size(), 99u);  // L49 twice, identical: once
  EXPECT_FALSE(ids.count("alibaba-ice:ice-prod:L49#2"));

  // The repeat changed in between: both versions are kept, the later under a suffixed id.
  ScriptedCaller changed;
  changed.total = 100;
  changed.shift = 1;
  changed.repeats_changed = true;
  auto both = co_await provider->fetch_all(changed);
  CO_ASSERT_TRUE(both);
  EXPECT_EQ(both->size(), 100u);
  std::set<std::string> both_ids;
  for (const auto& r : *both) both_ids.insert(r.id);
  EXPECT_EQ(both_ids.size(), 100u);
  EXPECT_TRUE(both_ids.count("alibaba-ice:ice-prod:L49"));
  EXPECT_TRUE(both_ids.count("alibaba-ice:ice-prod:L49#2"));
}

CO_TEST(AlibabaIceProvider, EveryAttemptIsSignedWithItsOwnDateAndNonce) {
  // The caller builds each attempt with its own context: the provider keeps nothing from an
  // earlier one.
  class TwoAttempts final : public adapters::UpstreamCaller {
   public:
    std::vector<adapters::HttpRequest> built;
    net::awaitable<adapters::CallResult> call(const adapters::UpstreamCall& call) override {
      built.push_back(call.build({1735787045, "00000000000000000000000000000001"}));
      built.push_back(call.build({1735787046, "00000000000000000000000000000002"}));
      adapters::HttpResponse res;
      res.status = 200;
      res.body = R"({"Success":true,"TotalCount":0,"LicenseInfoList":[]})";
      co_return call.decode(res);
    }
  };
  TwoAttempts caller;
  auto result = co_await alibaba_ice::make_provider(options())->fetch_all(caller);
  CO_ASSERT_TRUE(result);
  CO_ASSERT_TRUE(caller.built.size() == 2u);
  auto header = [](const adapters::HttpRequest& r, std::string_view name) {
    for (const auto& [k, v] : r.headers) {
      if (adapters::iequals(k, name)) return v;
    }
    return std::string();
  };
  EXPECT_EQ(header(caller.built[0], "x-acs-date"), "2025-01-02T03:04:05Z");
  EXPECT_EQ(header(caller.built[1], "x-acs-date"), "2025-01-02T03:04:06Z");
  EXPECT_EQ(header(caller.built[1], "x-acs-signature-nonce"), "00000000000000000000000000000002");
  EXPECT_NE(header(caller.built[0], "Authorization"), header(caller.built[1], "Authorization"));
}

}  // namespace
