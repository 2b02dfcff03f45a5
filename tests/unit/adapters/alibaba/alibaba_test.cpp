// The two Alibaba adapters: ACS3 requests (against the SDK's known-answer vector), the POP and
// application error envelopes, the mappings of the official doc examples, and paging through a
// scripted caller (ICE pages, AIContent cursor with its index fallback and endless-cursor guard).

#include <map>
#include <set>
#include <string_view>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "adapters/alibaba_aicontent/errors.hpp"
#include "adapters/alibaba_aicontent/mapping.hpp"
#include "adapters/alibaba_aicontent/provider.hpp"
#include "adapters/alibaba_ice/errors.hpp"
#include "adapters/alibaba_ice/mapping.hpp"
#include "adapters/alibaba_ice/provider.hpp"
#include "adapters/common/json_util.hpp"
#include "adapters/common/time.hpp"
#include "adapters/emulator/wire.hpp"
#include "tests/support/co_test.hpp"
#include "tests/support/test_data.hpp"

namespace {

using namespace qg;
using adapters::ErrorKind;
namespace net = boost::asio;

std::string header(const adapters::HttpRequest& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (adapters::iequals(k, name)) return v;
  }
  return {};
}

adapters::HttpResponse response(unsigned status, std::string body, adapters::HeaderList headers = {}) {
  adapters::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

alibaba_ice::IceOptions ice_options() {
  alibaba_ice::IceOptions o;
  o.account = "rtc-prod";
  o.endpoint = alibaba_ice::default_endpoint("cn-shanghai");
  o.access_key_id = "LTAI5tExampleAccessKeyId00";
  o.access_key_secret = adapters::Secret("ExampleAccessKeySecret0123456789");
  return o;
}

TEST(AlibabaIce, RequestReproducesTheOfficialSdkSignature) {
  auto o = ice_options();
  o.page_size = 10;
  // kat.json ice_rpc_minimal: the same query, date and nonce as @alicloud/openapi-client sent.
  const auto req = alibaba_ice::build_request(o, 1, {*adapters::parse_rfc3339("2025-01-02T03:04:05Z"),
                                                     "3156853299f313e23d1673dc12e1703d"});
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.target, "/?NeedTotalCount=true&PageNo=1&PageSize=10");
  EXPECT_EQ(req.body, "");
  EXPECT_EQ(header(req, "Host"), "ice.cn-shanghai.aliyuncs.com");
  EXPECT_EQ(header(req, "x-acs-version"), "2020-11-09");
  EXPECT_EQ(header(req, "x-acs-action"), "GetAiRtcLicenseInfoList");
  EXPECT_EQ(header(req, "Authorization"),
            "ACS3-HMAC-SHA256 Credential=LTAI5tExampleAccessKeyId00,SignedHeaders=host;x-acs-action;"
            "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
            "Signature=50ed74f542b426d037186839d7b3a19bbe71cd70711f29ed46ab1fd2673a229d");
  EXPECT_EQ(header(req, "x-acs-credentials-provider"), "");
}

TEST(AlibabaIce, EveryAttemptIsSignedAfreshAndStsTokensAreSigned) {
  auto o = ice_options();
  const auto a = alibaba_ice::build_request(o, 2, {1735787045, "aaaa"});
  const auto b = alibaba_ice::build_request(o, 2, {1735787045, "bbbb"});
  EXPECT_NE(header(a, "Authorization"), header(b, "Authorization"));
  EXPECT_EQ(header(a, "x-acs-signature-nonce"), "aaaa");
  o.security_token = adapters::Secret("CAIS.token");
  const auto sts = alibaba_ice::build_request(o, 1, {1735787045, "cccc"});
  EXPECT_EQ(header(sts, "x-acs-security-token"), "CAIS.token");
  EXPECT_NE(header(sts, "Authorization").find("x-acs-security-token"), std::string::npos);
}

TEST(AlibabaAicontent, RoaRequestCarriesTheCursorInTheSignedQuery) {
  alibaba_aicontent::AicontentOptions o;
  o.endpoint = alibaba_aicontent::default_endpoint();
  o.access_key_id = "ak";
  o.access_key_secret = adapters::Secret("sk");
  o.max_results = 20;
  const auto first = alibaba_aicontent::build_cursor_request(o, std::nullopt, {1735787045, "n1"});
  EXPECT_EQ(first.method, "GET");
  EXPECT_EQ(first.target, "/api/v1/aliyunConsole/queryPaidResource?maxResults=20&needTotalCount=true&resourceType=ALL");
  EXPECT_EQ(header(first, "x-acs-version"), "20240611");
  const auto next = alibaba_aicontent::build_cursor_request(o, std::string("AAAA/bb+cc==~*"), {1735787045, "n2"});
  EXPECT_NE(next.target.find("nextToken=AAAA%2Fbb%2Bcc%3D%3D~%2A"), std::string::npos);
  const auto index = alibaba_aicontent::build_index_request(o, 3, {1735787045, "n3"});
  EXPECT_EQ(index.target,
            "/api/v1/aliyunConsole/queryPaidResource?needTotalCount=true&pageIndex=3&pageSize=20&resourceType=ALL");
}

TEST(AlibabaErrors, PopAndApplicationEnvelopesAreClassifiedInOnePlace) {
  auto sig = alibaba_ice::decode_response(response(400, test::read_test_data("fixtures/alibaba/pop_signature_mismatch.json")));
  ASSERT_FALSE(sig);
  EXPECT_EQ(sig.error().kind, ErrorKind::kAuth);
  EXPECT_EQ(sig.error().code, "SignatureDoesNotMatch");
  EXPECT_EQ(sig.error().request_id, "DC7CBB70-0000-4000-8000-00000000000A");
  EXPECT_EQ(sig.error().http_status, 400);

  auto throttled = alibaba_ice::decode_response(
      response(429, test::read_test_data("fixtures/alibaba/pop_throttling.json"),
               {{"x-ratelimit-user-api", "Limit:1,Remain:0,TimeLeft:2000,Reset:1234"},
                {"x-ratelimit-user", "Limit:5,Remain:0,TimeLeft:700,Reset:1234"}}));
  ASSERT_FALSE(throttled);
  EXPECT_EQ(throttled.error().kind, ErrorKind::kThrottled);
  EXPECT_EQ(throttled.error().retry_after, std::chrono::milliseconds(2000));
  auto classic = alibaba_ice::decode_response(response(400, test::read_test_data("fixtures/alibaba/pop_throttling.json")));
  ASSERT_FALSE(classic);
  EXPECT_TRUE(classic.error().retryable());  // Throttling on HTTP 400, as classic POP gateways answer

  auto business = alibaba_ice::decode_response(response(200, test::read_test_data("fixtures/alibaba/ice_business_failure.json")));
  ASSERT_FALSE(business);
  EXPECT_EQ(business.error().kind, ErrorKind::kInvalidRequest);

  auto app = alibaba_aicontent::decode_response(response(200, test::read_test_data("fixtures/alibaba/aicontent_app_error.json")));
  ASSERT_FALSE(app);
  EXPECT_EQ(app.error().code, "Server.Internal.UnknownError");
  EXPECT_TRUE(app.error().retryable());
  EXPECT_EQ(app.error().http_status, 500);

  auto html = alibaba_aicontent::decode_response(response(502, "<html>bad gateway</html>", {{"x-acs-request-id", "R1"}}));
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().kind, ErrorKind::kTransient);
  EXPECT_EQ(html.error().request_id, "R1");
  auto truncated = alibaba_ice::decode_response(response(200, R"({"LicenseInfoList":[{"Type":1,)"));
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().kind, ErrorKind::kBadResponse);
  for (const char* code : {"InvalidAccessKeyId.NotFound", "Forbidden.RAM", "NoPermission", "SignatureNonceUsed"}) {
    EXPECT_EQ(adapters::alibaba::classify_code(code, 403), ErrorKind::kAuth) << code;
  }
  EXPECT_EQ(adapters::alibaba::classify_code("ServiceUnavailable", 503), ErrorKind::kTransient);
  EXPECT_EQ(adapters::alibaba::classify_code("MissingParameter", 400), ErrorKind::kInvalidRequest);
}

TEST(AlibabaMapping, IceDocExample) {
  auto body = adapters::json::parse(test::read_test_data("fixtures/alibaba/ice_doc_example.json"));
  const auto page = alibaba_ice::map_page(body->as_object(), "rtc-prod");
  EXPECT_EQ(page.total_count, 100);
  ASSERT_EQ(page.records.size(), 1u);
  const auto& r = page.records[0];
  EXPECT_EQ(r.id, "alibaba-ice:rtc-prod:17712***");
  EXPECT_EQ(r.kind, "ai-rtc-audio");
  EXPECT_EQ(r.status, adapters::QuotaStatus::kActive);
  EXPECT_EQ(r.unit, "licenses");
  EXPECT_EQ(r.total, 10000);
  EXPECT_FALSE(r.remaining);  // AvailableCapacity is not "licenses left"
  EXPECT_EQ(r.details.at("available_capacity").as_int64(), 10000000);
  EXPECT_EQ(r.details.at("valid_days").as_int64(), 365);
  EXPECT_EQ(adapters::format_rfc3339_utc(*r.starts_at), "2020-12-23T13:33:49Z");
  EXPECT_EQ(adapters::format_rfc3339_utc(*r.expires_at), "2021-12-23T13:33:49Z");
}

TEST(AlibabaMapping, AicontentDocExampleWithChineseNamesBeijingTimesAndAnOpenStatus) {
  auto body = adapters::json::parse(test::read_test_data("fixtures/alibaba/aicontent_doc_example.json"));
  const auto page = alibaba_aicontent::map_page(body->as_object(), "aic");
  EXPECT_EQ(page.next_token, "xxxx-xxx-xxxxx");
  ASSERT_EQ(page.records.size(), 2u);
  const auto& r = page.records[0];
  EXPECT_EQ(r.id, "alibaba-aicontent:aic:airec-cn-fou41hse8001:AI_ORAL");
  EXPECT_EQ(r.kind, "ai-oral");
  EXPECT_EQ(r.name, "智能批改-资源包 / 口语评测");
  EXPECT_EQ(r.status, adapters::QuotaStatus::kActive);
  EXPECT_EQ(r.total, 10000);
  EXPECT_EQ(r.remaining, 1000);
  EXPECT_EQ(r.used, 9000);
  EXPECT_EQ(adapters::format_rfc3339_utc(*r.starts_at), "2025-08-31T16:00:00Z");
  EXPECT_EQ(adapters::format_rfc3339_utc(*r.expires_at), "2025-09-09T16:00:00Z");
  const auto& odd = page.records[1];
  EXPECT_EQ(odd.status, adapters::QuotaStatus::kUnknown);
  EXPECT_EQ(odd.native_status, "RELEASING");
  EXPECT_FALSE(odd.total);  // 2^64-1 does not fit: null, and so no `used`
  EXPECT_FALSE(odd.used);
  EXPECT_EQ(alibaba_aicontent::kebab("AI_HOMEWORK_CORRECTION"), "ai-homework-correction");
}

// Answers both APIs from the query of each request.
class ScriptedAlibaba final : public adapters::UpstreamCaller {
 public:
  int ice_total = 120;
  int aic_total = 60;
  bool cursor = true;          // AIContent returns nextToken
  bool total = true;           // ... and totalCount
  bool endless = false;        // ... that never changes
  std::vector<std::string> seen;

  net::awaitable<adapters::CallResult> call(const adapters::UpstreamCall& call) override {
    co_return call.decode(answer(call));
  }

  adapters::HttpResponse answer(const adapters::UpstreamCall& call) {
    const adapters::AttemptContext attempt{1735787045, "n"};
    const auto req = call.build(attempt);
    const auto q = req.target.find('?');
    std::map<std::string, std::string> params;
    const auto decoded = emulator::decode_query(req.target.substr(q + 1));
    for (const auto& [k, v] : decoded.value()) params[k] = v;
    seen.push_back(req.target.substr(q + 1));
    boost::json::object o;
    if (call.operation == alibaba_ice::kAction) {
      const int page = std::stoi(params["PageNo"]), size = std::stoi(params["PageSize"]);
      boost::json::array list;
      for (int i = (page - 1) * size; i < std::min(ice_total, page * size); ++i) {
        list.push_back(boost::json::object{{"LicenseItemId", std::to_string(i)}, {"Type", 1}, {"Status", 1}});
      }
      o = {{"Success", true}, {"LicenseInfoList", std::move(list)}, {"TotalCount", ice_total}};
    } else {
      int offset = 0, size = 20;
      if (params.count("pageIndex")) {
        size = std::stoi(params["pageSize"]);
        offset = (std::stoi(params["pageIndex"]) - 1) * size;
      } else if (params.count("nextToken")) {
        offset = std::stoi(params["nextToken"].substr(1));
      }
      boost::json::array data;
      for (int i = offset; i < std::min(aic_total, offset + size); ++i) {
        data.push_back(boost::json::object{{"instanceId", "i" + std::to_string(i)}, {"resourceCatalogCode", "AI_ORAL"}});
      }
      o = {{"success", true}, {"data", std::move(data)}};
      if (total) o["totalCount"] = aic_total;
      if (cursor && offset + size < aic_total) o["nextToken"] = endless ? "c20" : "c" + std::to_string(offset + size);
    }
    return response(200, boost::json::serialize(o));
  }
};

CO_TEST(AlibabaProviders, IceFetchesEveryPageOnceAfterLearningTheTotal) {
  ScriptedAlibaba caller;
  auto provider = alibaba_ice::make_provider(ice_options());
  auto result = co_await provider->fetch_all(caller);
  CO_ASSERT_TRUE(result);
  EXPECT_EQ(result->size(), 120u);
  const std::set<std::string> pages(caller.seen.begin(), caller.seen.end());
  EXPECT_EQ(pages.size(), 3u);
  EXPECT_EQ(caller.seen.size(), 3u);
  EXPECT_TRUE(pages.count("NeedTotalCount=true&PageNo=3&PageSize=50"));
}

alibaba_aicontent::AicontentOptions aicontent_pages_of_20() {
  alibaba_aicontent::AicontentOptions o;
  o.account = "aic";
  o.max_results = 20;
  return o;
}

int count_containing(const std::vector<std::string>& seen, std::string_view what) {
  int n = 0;
  for (const auto& s : seen) n += s.find(what) != std::string::npos;
  return n;
}

CO_TEST(AlibabaProviders, AicontentReadsEveryIndexPageOnceAfterLearningTheTotal) {
  ScriptedAlibaba caller;
  auto provider = alibaba_aicontent::make_provider(aicontent_pages_of_20());
  auto result = co_await provider->fetch_all(caller);
  CO_ASSERT_TRUE(result);
  EXPECT_EQ(result->size(), 60u);
  EXPECT_EQ(caller.seen.size(), 3u);
  EXPECT_EQ(count_containing(caller.seen, "pageIndex="), 3);
  EXPECT_EQ(count_containing(caller.seen, "pageIndex=3&pageSize=20"), 1);
  EXPECT_EQ(count_containing(caller.seen, "nextToken="), 0);
}

CO_TEST(AlibabaProviders, AicontentFollowsTheCursorWhenIndexPagesBringNoTotal) {
  ScriptedAlibaba caller;
  caller.total = false;
  auto provider = alibaba_aicontent::make_provider(aicontent_pages_of_20());
  auto result = co_await provider->fetch_all(caller);
  CO_ASSERT_TRUE(result);
  EXPECT_EQ(result->size(), 60u);
  EXPECT_EQ(count_containing(caller.seen, "pageIndex=1"), 1);   // the probe
  EXPECT_EQ(count_containing(caller.seen, "maxResults=20"), 3);  // then the cursor from its start
  EXPECT_NE(caller.seen.back().find("nextToken=c40"), std::string::npos);
}

CO_TEST(AlibabaProviders, AicontentReadsFullIndexPagesWhenNeitherModeSaysMore) {
  ScriptedAlibaba caller;
  caller.total = false;
  caller.cursor = false;
  auto provider = alibaba_aicontent::make_provider(aicontent_pages_of_20());
  auto result = co_await provider->fetch_all(caller);
  CO_ASSERT_TRUE(result);
  EXPECT_EQ(result->size(), 60u);
  EXPECT_EQ(count_containing(caller.seen, "pageIndex=3"), 1);
  EXPECT_EQ(count_containing(caller.seen, "pageIndex=4"), 1);  // empty: the end
}

CO_TEST(AlibabaProviders, AnEndlessCursorIsAnErrorNotAnInfiniteLoop) {
  ScriptedAlibaba caller;
  caller.total = false;
  caller.endless = true;
  auto provider = alibaba_aicontent::make_provider(aicontent_pages_of_20());
  auto result = co_await provider->fetch_all(caller);
  CO_ASSERT_TRUE(!result);
  EXPECT_EQ(result.error().code, "EndlessCursor");
  EXPECT_LE(caller.seen.size(), 4u);
}

}  // namespace
