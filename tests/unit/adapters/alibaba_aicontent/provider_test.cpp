// The provider's paging through a scripted UpstreamCaller (providers.md §3.7): index paging
// first (page 1, then every other page at once: two rounds), the cursor when the total is
// missing (follow nextToken until it is absent, refuse a repeating cursor), index pages one
// after another when neither says more; any failure fails the whole fetch.

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "adapters/alibaba_aicontent/provider.hpp"
#include "tests/support/co_test.hpp"

namespace {

using namespace qg;
namespace net = boost::asio;

constexpr std::string_view kPathPrefix = "/api/v1/aliyunConsole/queryPaidResource?";

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

// A cursor that needs percent-encoding: "t/40+=" resumes at item 40.
std::string token_for(std::int64_t offset) {
  return "t/" + std::to_string(offset) + "+=";
}
std::int64_t offset_of(const std::string& token) {
  return std::stoll(token.substr(2));
}

enum class Cursor { kFollow, kNone, kRepeat, kEmptyString, kAlways };

// Answers AliyunConsoleOpenApiQueryPaidResource like the service: `total` resources.
class ScriptedCaller final : public adapters::UpstreamCaller {
 public:
  std::int64_t total = 45;
  Cursor cursor = Cursor::kFollow;
  bool omit_total = false;
  std::optional<std::int64_t> cap;         // the service's own page size limit, when it has one
  bool echo_page_size = true;              // index mode answers the pageSize it used
  std::optional<int> fail_cursor_call;     // 1-based cursor request
  std::optional<std::int64_t> fail_index;  // pageIndex
  unsigned fail_status = 200;
  std::string fail_body =
      R"({"success":false,"errCode":"Server.Internal.UnknownError","errMessage":"未知错误","httpStatusCode":500,"requestId":"fail-req"})";

  std::vector<std::optional<std::string>> tokens;  // nextToken of each cursor request (nullopt: none)
  std::vector<std::int64_t> indexes;               // pageIndex of each index request
  std::vector<std::string> targets;
  // Each call suspends once, as a network call does, so calls made together overlap. A round is
  // the calls that started after the same number of calls had completed: page 1 alone, then
  // pages 2.. together is two rounds; a page waiting for the one before is a round each.
  std::size_t completed = 0;
  std::vector<std::size_t> started_after;
  std::size_t rounds() const { return std::set<std::size_t>(started_after.begin(), started_after.end()).size(); }

  net::awaitable<adapters::CallResult> call(const adapters::UpstreamCall& call) override {
    started_after.push_back(completed);
    co_await net::post(co_await net::this_coro::executor, net::use_awaitable);
    ++completed;
    EXPECT_EQ(call.operation, "AliyunConsoleOpenApiQueryPaidResource");
    const adapters::AttemptContext attempt{1735787045, "3156853299f313e23d1673dc12e1703d"};
    const auto req = call.build(attempt);
    EXPECT_EQ(req.method, "GET");
    EXPECT_EQ(req.target.substr(0, kPathPrefix.size()), kPathPrefix) << req.target;
    targets.push_back(req.target);
    auto query = parse_query(req.target);
    EXPECT_EQ(query["needTotalCount"], "true");
    EXPECT_EQ(query["resourceType"], "ALL");

    adapters::HttpResponse res;
    std::int64_t from = 0;
    std::int64_t size = 0;
    bool failing = false;
    if (query.count("pageIndex")) {
      const std::int64_t index = std::stoll(query["pageIndex"]);
      size = std::min<std::int64_t>(std::stoll(query["pageSize"]), cap.value_or(INT64_MAX));
      EXPECT_FALSE(query.count("nextToken"));
      indexes.push_back(index);
      from = (index - 1) * size;
      failing = fail_index && *fail_index == index;
    } else {
      size = std::min<std::int64_t>(std::stoll(query["maxResults"]), cap.value_or(INT64_MAX));
      std::optional<std::string> token;
      if (query.count("nextToken")) token = query["nextToken"];
      tokens.push_back(token);
      from = token && cursor != Cursor::kRepeat ? offset_of(*token) : 0;
      failing = fail_cursor_call && *fail_cursor_call == static_cast<int>(tokens.size());
    }
    if (failing) {
      res.status = fail_status;
      res.body = fail_body;
      co_return call.decode(res);
    }
    const std::int64_t to = std::min(from + size, total);
    boost::json::array data;
    for (std::int64_t i = from; i < to; ++i) {
      data.push_back(boost::json::object{{"instanceId", "airec-cn-" + std::to_string(i)},
                                         {"resourceCatalogCode", "AI_ORAL"},
                                         {"resourceCatalogName", "口语评测"},
                                         {"resourceStatus", "ACTIVE"},
                                         {"quantity", 100},
                                         {"remainQuantity", 100 - i % 100},
                                         {"effectiveTime", "2025-09-01 00:00:00"},
                                         {"expireTime", "2025-09-10 00:00:00"}});
    }
    boost::json::object body{{"success", true}, {"requestId", "req"}, {"httpStatusCode", 200}};
    body["data"] = std::move(data);
    if (!omit_total) body["totalCount"] = total;
    if (!query.count("pageIndex")) {
      switch (cursor) {
        case Cursor::kFollow:
          if (to < total) body["nextToken"] = token_for(to);
          break;
        case Cursor::kRepeat:
          body["nextToken"] = "SAME";
          break;
        case Cursor::kEmptyString:
          body["nextToken"] = to < total ? boost::json::value(token_for(to)) : boost::json::value("");
          break;
        case Cursor::kAlways:  // a token on every page, the last and empty ones too
          body["nextToken"] = token_for(to);
          break;
        case Cursor::kNone:
          break;
      }
    } else if (echo_page_size) {
      body["pageSize"] = size;
      body["pageIndex"] = std::stoll(query["pageIndex"]);
    }
    res.status = 200;
    res.body = boost::json::serialize(body);
    co_return call.decode(res);
  }
};

alibaba_aicontent::AicontentOptions options(std::int64_t max_results = 20) {
  alibaba_aicontent::AicontentOptions o;
  o.account = "aic-prod";
  o.endpoint = alibaba_aicontent::default_endpoint();
  o.access_key_id = "LTAI5tExampleAccessKeyId00";
  o.access_key_secret = adapters::Secret("ExampleAccessKeySecret0123456789");
  o.max_results = max_results;
  return o;
}

std::set<std::string> ids_of(const adapters::RecordList& records) {
  std::set<std::string> ids;
  for (const auto& r : records) ids.insert(r.id);
  return ids;
}

CO_TEST(AlibabaAicontentProvider, IndexPagingAsksPageOneThenEveryOtherPageAtOnce) {
  ScriptedCaller caller;
  auto provider = alibaba_aicontent::make_provider(options());
  EXPECT_EQ(provider->provider(), "alibaba-aicontent");
  EXPECT_EQ(provider->account(), "aic-prod");
  EXPECT_EQ(provider->endpoint().host, "aicontent.aliyuncs.com");
  auto result = co_await provider->fetch_all(caller);
  CO_ASSERT_TRUE(result);
  EXPECT_EQ(result->size(), 45u);
  EXPECT_EQ(ids_of(*result).size(), 45u);
  EXPECT_TRUE(caller.tokens.empty());
  EXPECT_EQ(caller.indexes.front(), 1);
  EXPECT_EQ(std::set<std::int64_t>(caller.indexes.begin(), caller.indexes.end()), (std::set<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(caller.indexes.size(), 3u);
  EXPECT_EQ(caller.rounds(), 2u);
  EXPECT_EQ(caller.targets[0],
            "/api/v1/aliyunConsole/queryPaidResource?needTotalCount=true&pageIndex=1&pageSize=20&resourceType=ALL");
  EXPECT_EQ(result->front().id, "alibaba-aicontent:aic-prod:airec-cn-0:AI_ORAL");
  EXPECT_EQ(result->back().id, "alibaba-aicontent:aic-prod:airec-cn-44:AI_ORAL");
}

// What a cursor read in 13 rounds (250 resources, 20 a page) takes two: page 1, then the other 12.
CO_TEST(AlibabaAicontentProvider, TwoRoundsWhateverThePageCount) {
  ScriptedCaller caller;
  caller.total = 250;
  auto result = co_await alibaba_aicontent::make_provider(options())->fetch_all(caller);
  CO_ASSERT_TRUE(result);
  EXPECT_EQ(ids_of(*result).size(), 250u);
  EXPECT_EQ(caller.indexes.size(), 13u);
  EXPECT_EQ(caller.rounds(), 2u);
  EXPECT_EQ(std::count(caller.started_after.begin(), caller.started_after.end(), 1u), 12);
}

CO_TEST(AlibabaAicontentProvider, OnePageIsOneRequest) {
  auto provider = alibaba_aicontent::make_provider(options());
  ScriptedCaller seven;
  seven.total = 7;
  auto result = co_await provider->fetch_all(seven);
  CO_ASSERT_TRUE(result);
  EXPECT_EQ(result->size(), 7u);
  EXPECT_EQ(seven.indexes, std::vector<std::int64_t>{1});
  EXPECT_TRUE(seven.tokens.empty());

  ScriptedCaller empty;
  empty.total = 0;
  auto none = co_await provider->fetch_all(empty);
  CO_ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  EXPECT_EQ(empty.indexes, std::vector<std::int64_t>{1});
  EXPECT_TRUE(empty.tokens.empty());
}

CO_TEST(AlibabaAicontentProvider, WithoutATotalTheCursorIsTheFallback) {
  ScriptedCaller caller;
  caller.omit_total = true;
  auto result = co_await alibaba_aicontent::make_provider(options())->fetch_all(caller);
  CO_ASSERT_TRUE(result);
  EXPECT_EQ(result->size(), 45u);
  EXPECT_EQ(ids_of(*result).size(), 45u);  // index page 1's records are not counted twice
  EXPECT_EQ(caller.indexes, std::vector<std::int64_t>{1});
  const std::vector<std::optional<std::string>> expected{std::nullopt, token_for(20), token_for(40)};
  EXPECT_EQ(caller.tokens, expected);
  CO_ASSERT_TRUE(caller.targets.size() == 4u);
  EXPECT_EQ(caller.targets[1],
            "/api/v1/aliyunConsole/queryPaidResource?maxResults=20&needTotalCount=true&resourceType=ALL");
  // The token travels percent-encoded and comes back intact.
  EXPECT_EQ(caller.targets[2],
            "/api/v1/aliyunConsole/queryPaidResource?maxResults=20&needTotalCount=true&nextToken=t%2F20%2B%3D"
            "&resourceType=ALL");
}

CO_TEST(AlibabaAicontentProvider, AnEmptyNextTokenEndsTheCursorToo) {
  ScriptedCaller caller;
  caller.omit_total = true;
  caller.cursor = Cursor::kEmptyString;
  caller.total = 40;
  auto result = co_await alibaba_aicontent::make_provider(options())->fetch_all(caller);
  CO_ASSERT_TRUE(result);
  EXPECT_EQ(result->size(), 40u);
  const std::vector<std::optional<std::string>> expected{std::nullopt, token_for(20)};
  EXPECT_EQ(caller.tokens, expected);
}

CO_TEST(AlibabaAicontentProvider, AShortFirstPageWithoutTotalOrTokenIsEverything) {
  ScriptedCaller caller;
  caller.omit_total = true;
  caller.total = 7;
  auto result = co_await alibaba_aicontent::make_provider(options())->fetch_all(caller);
  CO_ASSERT_TRUE(result);
  EXPECT_EQ(result->size(), 7u);
  EXPECT_EQ(caller.indexes, std::vector<std::int64_t>{1});
  EXPECT_TRUE(caller.tokens.empty());
}

CO_TEST(AlibabaAicontentProvider, ARepeatingCursorIsAnEndlessCursorError) {
  ScriptedCaller caller;
  caller.omit_total = true;
  caller.cursor = Cursor::kRepeat;
  auto result = co_await alibaba_aicontent::make_provider(options())->fetch_all(caller);
  CO_ASSERT_TRUE(!result);
  EXPECT_EQ(result.error().code, "EndlessCursor");
  EXPECT_EQ(result.error().kind, adapters::ErrorKind::kBadResponse);
  const std::vector<std::optional<std::string>> expected{std::nullopt, std::string("SAME")};
  EXPECT_EQ(caller.tokens, expected);  // refused as soon as the token came back a second time
}

CO_TEST(AlibabaAicontentProvider, NeitherTotalNorCursorReadsIndexPagesWhileFull) {
  ScriptedCaller caller;
  caller.omit_total = true;
  caller.cursor = Cursor::kNone;
  auto result = co_await alibaba_aicontent::make_provider(options())->fetch_all(caller);
  CO_ASSERT_TRUE(result);
  EXPECT_EQ(result->size(), 45u);
  EXPECT_EQ(ids_of(*result).size(), 45u);  // the cursor's page is not counted with the index's
  EXPECT_EQ(caller.tokens.size(), 1u);
  EXPECT_EQ(caller.indexes, (std::vector<std::int64_t>{1, 2, 3}));  // page 3 is short: the last
}

CO_TEST(AlibabaAicontentProvider, TheConfiguredPageSizeServesBothModes) {
  for (const bool total : {true, false}) {
    ScriptedCaller caller;
    caller.omit_total = !total;
    caller.total = 25;
    auto result = co_await alibaba_aicontent::make_provider(options(10))->fetch_all(caller);
    CO_ASSERT_TRUE(result);
    EXPECT_EQ(result->size(), 25u);
    for (const auto& t : caller.targets) {
      const auto q = parse_query(t);
      EXPECT_EQ(q.count("pageSize") ? q.at("pageSize") : q.at("maxResults"), "10") << t;
    }
    if (total) EXPECT_EQ(std::set<std::int64_t>(caller.indexes.begin(), caller.indexes.end()), (std::set<std::int64_t>{1, 2, 3}));
    else EXPECT_EQ(caller.tokens.size(), 3u);
  }
}

CO_TEST(AlibabaAicontentProvider, AFailingFirstPageFailsTheFetch) {
  ScriptedCaller caller;
  caller.fail_index = 1;
  auto result = co_await alibaba_aicontent::make_provider(options())->fetch_all(caller);
  CO_ASSERT_TRUE(!result);
  EXPECT_EQ(result.error().code, "Server.Internal.UnknownError");
  EXPECT_EQ(result.error().kind, adapters::ErrorKind::kTransient);
  EXPECT_EQ(result.error().http_status, 500);
  EXPECT_EQ(result.error().request_id, "fail-req");
  EXPECT_EQ(caller.indexes, std::vector<std::int64_t>{1});  // no page 2.. after page 1 failed
  EXPECT_TRUE(caller.tokens.empty());
}

CO_TEST(AlibabaAicontentProvider, AFailingLaterIndexPageFailsTheFetch) {
  ScriptedCaller caller;
  caller.fail_index = 2;
  caller.fail_status = 503;
  caller.fail_body = R"({"RequestId":"503","Code":"ServiceUnavailable","Message":"scripted"})";
  auto result = co_await alibaba_aicontent::make_provider(options())->fetch_all(caller);
  CO_ASSERT_TRUE(!result);
  EXPECT_EQ(result.error().code, "ServiceUnavailable");
  EXPECT_EQ(result.error().kind, adapters::ErrorKind::kTransient);
  EXPECT_EQ(result.error().http_status, 503);
}

CO_TEST(AlibabaAicontentProvider, AFailingCursorPageFailsTheFetch) {
  ScriptedCaller caller;
  caller.omit_total = true;
  caller.fail_cursor_call = 2;
  caller.fail_status = 400;
  caller.fail_body = R"({"RequestId":"sig","Code":"SignatureDoesNotMatch","Message":"scripted"})";
  auto result = co_await alibaba_aicontent::make_provider(options())->fetch_all(caller);
  CO_ASSERT_TRUE(!result);
  EXPECT_EQ(result.error().code, "SignatureDoesNotMatch");
  EXPECT_EQ(result.error().kind, adapters::ErrorKind::kAuth);
  EXPECT_EQ(caller.tokens.size(), 2u);  // nothing asked after the failure
}

CO_TEST(AlibabaAicontentProvider, AnEmptyPageEndsTheCursorEvenWithAToken) {
  ScriptedCaller caller;
  caller.omit_total = true;
  caller.cursor = Cursor::kAlways;
  caller.total = 40;
  auto result = co_await alibaba_aicontent::make_provider(options())->fetch_all(caller);
  CO_ASSERT_TRUE(result);
  EXPECT_EQ(result->size(), 40u);
  const std::vector<std::optional<std::string>> expected{std::nullopt, token_for(20), token_for(40)};
  EXPECT_EQ(caller.tokens, expected);  // page 3 came back empty: the end
}

CO_TEST(AlibabaAicontentProvider, DistinctTokensForeverStopAtThePageGuard) {
  ScriptedCaller caller;
  caller.omit_total = true;
  caller.total = 1'000'000;  // every page full, every token new
  auto o = options();
  o.max_pages = 5;
  auto result = co_await alibaba_aicontent::make_provider(o)->fetch_all(caller);
  CO_ASSERT_TRUE(!result);
  EXPECT_EQ(result.error().code, "EndlessCursor");
  EXPECT_EQ(result.error().kind, adapters::ErrorKind::kBadResponse);
  EXPECT_EQ(caller.tokens.size(), 5u);
  EXPECT_EQ(caller.indexes, std::vector<std::int64_t>{1});

  // The default guard holds too, at 1000 pages.
  ScriptedCaller unbounded;
  unbounded.omit_total = true;
  unbounded.total = 1'000'000;
  auto defaults = co_await alibaba_aicontent::make_provider(options())->fetch_all(unbounded);
  CO_ASSERT_TRUE(!defaults);
  EXPECT_EQ(defaults.error().code, "EndlessCursor");
  EXPECT_EQ(unbounded.tokens.size(), 1000u);
}

CO_TEST(AlibabaAicontentProvider, IndexPagingCountsInThePageSizeTheServiceUsed) {
  // We ask 20, the service serves 10 a page: with its pageSize echo or, without it, judged from
  // page 1, all 5 pages are asked (counting in 20s would ask 3 and miss 15).
  for (const bool echo : {true, false}) {
    ScriptedCaller caller;
    caller.total = 45;
    caller.cap = 10;
    caller.echo_page_size = echo;
    auto result = co_await alibaba_aicontent::make_provider(options())->fetch_all(caller);
    CO_ASSERT_TRUE(result);
    EXPECT_EQ(result->size(), 45u) << echo;
    EXPECT_EQ(ids_of(*result).size(), 45u) << echo;
    const std::set<std::int64_t> pages(caller.indexes.begin(), caller.indexes.end());
    EXPECT_EQ(pages, (std::set<std::int64_t>{1, 2, 3, 4, 5})) << echo;
    EXPECT_EQ(caller.indexes.size(), 5u) << echo;
    EXPECT_EQ(caller.rounds(), 2u) << echo;
  }
}

CO_TEST(AlibabaAicontentProvider, AnImplausibleTotalIsRefusedNotTruncated) {
  ScriptedCaller caller;
  caller.total = 1'000'000'000;
  auto result = co_await alibaba_aicontent::make_provider(options())->fetch_all(caller);
  CO_ASSERT_TRUE(!result);
  EXPECT_EQ(result.error().code, "TooManyPages");
  EXPECT_EQ(caller.indexes, std::vector<std::int64_t>{1});  // nothing asked past index page 1
}

}  // namespace
