// The three APIs' serve steps as pure functions of (request, dataset): paging rules, filters,
// orders, envelopes and parameter errors, with expectations computed from the dataset.

#include <algorithm>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "adapters/emulator/alibaba_aicontent_api.hpp"
#include "adapters/emulator/alibaba_ice_api.hpp"
#include "adapters/emulator/tencent_live_api.hpp"
#include "tests/unit/adapters/emulator/requests.hpp"

namespace qg::emulator {
namespace {

using namespace testing;
namespace json = boost::json;

const Dataset& data() {
  static const Dataset d = make_dataset(20261122, kNow, {});
  return d;
}

json::object live(const std::string& body) {
  const auto r = tencent_serve(tencent_body(body), data());
  EXPECT_EQ(r.status, 200u);
  return json::parse(r.body).at("Response").as_object();
}

std::string live_error(const std::string& body) {
  const auto o = live(body);
  return o.contains("Error") ? std::string(o.at("Error").at("Code").as_string()) : "none";
}

TEST(TencentLiveApi, PagingRulesAsDocumented) {
  auto first = live(R"({"PackageType":0})");  // no paging: page 1 of 100
  EXPECT_EQ(first.at("PageNum").as_int64(), 1);
  EXPECT_EQ(first.at("PageSize").as_int64(), 100);
  EXPECT_EQ(first.at("TotalNum").as_int64(), 230);
  EXPECT_EQ(first.at("TotalPage").as_int64(), 3);
  EXPECT_EQ(first.at("LivePackageInfoList").as_array().size(), 100u);
  EXPECT_FALSE(first.at("RequestId").as_string().empty());
  // Either parameter alone is ignored, even an out-of-range one.
  EXPECT_EQ(live(R"({"PackageType":0,"PageNum":3})").at("PageNum").as_int64(), 1);
  EXPECT_EQ(live(R"({"PackageType":0,"PageSize":5})").at("PageSize").as_int64(), 100);
  auto last = live(R"({"PackageType":0,"PageNum":3,"PageSize":100})");
  EXPECT_EQ(last.at("LivePackageInfoList").as_array().size(), 30u);
  auto small = live(R"({"PackageType":1,"PageNum":2,"PageSize":10})");
  EXPECT_EQ(small.at("TotalPage").as_int64(), 15);
  EXPECT_EQ(small.at("LivePackageInfoList").as_array().size(), 10u);
  EXPECT_TRUE(live(R"({"PackageType":0,"PageNum":9,"PageSize":100})").at("LivePackageInfoList").as_array().empty());
  EXPECT_EQ(live_error(R"({"PackageType":0,"PageNum":1,"PageSize":9})"), "InvalidParameterValue");
  EXPECT_EQ(live_error(R"({"PackageType":0,"PageNum":1,"PageSize":101})"), "InvalidParameterValue");
  EXPECT_EQ(live_error(R"({"PackageType":0,"PageNum":0,"PageSize":10})"), "InvalidParameterValue");
}

TEST(TencentLiveApi, PackageTypesUnitsOrdersAndBillModes) {
  auto types_of = [](const json::object& page) {
    std::set<std::int64_t> types;
    for (const auto& p : page.at("LivePackageInfoList").as_array()) types.insert(p.at("Type").as_int64());
    return types;
  };
  const auto traffic = live(R"({"PackageType":0})");
  EXPECT_EQ(types_of(traffic), (std::set<std::int64_t>{0}));
  EXPECT_EQ(traffic.at("PackageBillMode").as_int64(), 204);
  EXPECT_EQ(traffic.at("FluxPackageBillMode").as_string(), "204,204,204,204,-1,-1");
  const auto transcode = live(R"({"PackageType":1})");
  EXPECT_EQ(types_of(transcode), (std::set<std::int64_t>{1, 2}));
  EXPECT_FALSE(transcode.contains("FluxPackageBillMode"));
  EXPECT_EQ(types_of(live(R"({"PackageType":2})")), (std::set<std::int64_t>{3}));

  auto times = [](const json::object& page, const char* key) {
    std::vector<std::string> out;
    for (const auto& p : page.at("LivePackageInfoList").as_array()) out.emplace_back(p.at(key).as_string());
    return out;
  };
  auto desc = times(live(R"({"PackageType":0})"), "BuyTime");  // default BuyTimeDesc
  EXPECT_TRUE(std::is_sorted(desc.rbegin(), desc.rend()));
  auto asc = times(live(R"({"PackageType":1,"OrderBy":"ExpireTimeAsc"})"), "ExpireTime");
  EXPECT_TRUE(std::is_sorted(asc.begin(), asc.end()));
  EXPECT_EQ(live_error(R"({"PackageType":2,"OrderBy":"ExpireTimeDesc"})"), "InvalidParameterValue");
  EXPECT_EQ(live_error(R"({"PackageType":2,"OrderBy":"BuyTimeAsc"})"), "none");
  EXPECT_EQ(live_error(R"({"PackageType":0,"OrderBy":"BuyTime desc"})"), "InvalidParameterValue");
}

TEST(TencentLiveApi, ParameterErrors) {
  EXPECT_EQ(live_error("{}"), "MissingParameter");
  EXPECT_EQ(live_error(R"({"PackageType":3})"), "InvalidParameterValue");
  EXPECT_EQ(live_error(R"({"PackageType":"0"})"), "InvalidParameter");  // JSON carries types
  EXPECT_EQ(live_error(R"({"PackageType":0,"Limit":1})"), "UnknownParameter");
  EXPECT_EQ(live_error(R"([1])"), "InvalidParameter");
  EXPECT_EQ(live_error(R"({"PackageType":0,"OrderBy":1})"), "InvalidParameter");
  const auto r = tencent_serve(tencent_body("{}"), data());
  EXPECT_EQ(r.error_code, "MissingParameter");
}

TEST(TencentLiveApi, GetFormReadsTheQuery) {
  Tc3Options get;
  get.method = "GET";
  get.body.clear();
  get.query = "PackageType=2&PageNum=2&PageSize=100";
  get.content_type = "application/x-www-form-urlencoded";
  const auto r = tencent_serve(tc3_request(get), data());
  const auto o = json::parse(r.body).at("Response").as_object();
  EXPECT_EQ(o.at("PageNum").as_int64(), 2);
  EXPECT_EQ(o.at("LivePackageInfoList").as_array().size(), 20u);  // 120 link-mic packages
  get.query = "PackageType=zero";
  EXPECT_EQ(tencent_serve(tc3_request(get), data()).error_code, "InvalidParameter");
}

json::object ice(signing::NameValues q, unsigned expect_status = 200) {
  const auto r = ice_serve(ice_request(std::move(q)), data());
  EXPECT_EQ(r.status, expect_status) << r.body;
  return json::parse(r.body).as_object();
}

TEST(IceApi, PagesFiltersAndTotals) {
  const auto page = ice({{"PageNo", "2"}, {"PageSize", "50"}});
  EXPECT_EQ(page.at("Success").as_bool(), true);
  EXPECT_EQ(page.at("Code").as_string(), "Success");
  EXPECT_EQ(page.at("HttpStatusCode").as_int64(), 200);
  EXPECT_EQ(page.at("TotalCount").as_int64(), 120);
  const auto& list = page.at("LicenseInfoList").as_array();
  ASSERT_EQ(list.size(), 50u);
  EXPECT_EQ(list[0].at("LicenseItemId"), data().ice[50].at("LicenseItemId"));
  EXPECT_EQ(ice({{"PageNo", "3"}, {"PageSize", "50"}}).at("LicenseInfoList").as_array().size(), 20u);
  EXPECT_EQ(ice({}).at("LicenseInfoList").as_array().size(), 10u);  // default PageSize 10
  EXPECT_FALSE(ice({{"NeedTotalCount", "false"}}).contains("TotalCount"));

  const auto expired = ice({{"Status", "2"}, {"Type", "2"}, {"PageSize", "100"}});
  const auto want = std::count_if(data().ice.begin(), data().ice.end(), [](const auto& l) {
    return l.at("Status").as_int64() == 2 && l.at("Type").as_int64() == 2;
  });
  EXPECT_GT(want, 0);
  EXPECT_EQ(expired.at("TotalCount").as_int64(), want);
  const auto one = ice({{"LicenseItemId", std::string(data().ice[7].at("LicenseItemId").as_string())}});
  EXPECT_EQ(one.at("TotalCount").as_int64(), 1);

  EXPECT_EQ(ice({{"PageSize", "101"}}, 400).at("Code").as_string(), "InvalidParameter");
  EXPECT_EQ(ice({{"PageNo", "0"}}, 400).at("Code").as_string(), "InvalidParameter");
  EXPECT_EQ(ice({{"Status", "x"}}, 400).at("Code").as_string(), "InvalidParameter");
}

json::object aic(signing::NameValues q, unsigned expect_status = 200) {
  const auto r = aicontent_serve(aicontent_request(std::move(q)), data());
  EXPECT_EQ(r.status, expect_status) << r.body;
  return json::parse(r.body).as_object();
}

TEST(AicontentApi, CursorPagingWalksEverythingOnceAndEnds) {
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  for (; pages < 10; ++pages) {
    signing::NameValues q{{"maxResults", "20"}};
    if (!token.empty()) q.emplace_back("nextToken", token);
    const auto page = aic(q);
    EXPECT_EQ(page.at("success").as_bool(), true);
    EXPECT_EQ(page.at("totalCount").as_int64(), 60);
    EXPECT_EQ(page.at("maxResults").as_int64(), 20);
    for (const auto& r : page.at("data").as_array()) seen.emplace_back(r.at("instanceId").as_string());
    if (!page.contains("nextToken")) break;
    token = std::string(page.at("nextToken").as_string());
    EXPECT_NE(token.find_first_of("+/="), std::string::npos);  // must be escaped in a query
  }
  EXPECT_EQ(pages, 2);  // three pages, the last without nextToken
  ASSERT_EQ(seen.size(), 60u);
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], data().aicontent[i].at("instanceId").as_string());
}

TEST(AicontentApi, IndexPagingWhenNoCursorParameterIsGiven) {
  const auto first = aic({});
  EXPECT_EQ(first.at("pageIndex").as_int64(), 1);
  EXPECT_EQ(first.at("pageSize").as_int64(), 10);
  EXPECT_FALSE(first.contains("nextToken"));
  const auto third = aic({{"pageIndex", "3"}, {"pageSize", "25"}, {"needTotalCount", "true"}});
  EXPECT_EQ(third.at("data").as_array().size(), 10u);
  EXPECT_EQ(third.at("skip").as_int64(), 50);
  EXPECT_FALSE(aic({{"needTotalCount", "false"}}).contains("totalCount"));
}

TEST(AicontentApi, FiltersOrdersAndApplicationErrors) {
  const auto oral = aic({{"resourceType", "AI_ORAL"}, {"maxResults", "100"}});
  EXPECT_EQ(oral.at("totalCount").as_int64(), 15);
  for (const auto& r : oral.at("data").as_array()) EXPECT_EQ(r.at("resourceCatalogName").as_string(), "口语评测");
  const auto by_expiry = aic({{"orderBy", "expireTime"}, {"orderDirection", "ASC"}, {"maxResults", "100"}});
  std::vector<std::string> expiries;
  for (const auto& r : by_expiry.at("data").as_array()) expiries.emplace_back(r.at("expireTime").as_string());
  EXPECT_TRUE(std::is_sorted(expiries.begin(), expiries.end()));

  const auto bad = aic({{"maxResults", "0"}}, 400);
  EXPECT_EQ(bad.at("success").as_bool(), false);
  EXPECT_EQ(bad.at("errCode").as_string(), "InvalidParameter");
  EXPECT_EQ(bad.at("httpStatusCode").as_int64(), 400);
  EXPECT_FALSE(bad.at("requestId").as_string().empty());
  EXPECT_EQ(aic({{"nextToken", "not-a-token"}}, 400).at("errCode").as_string(), "InvalidParameter");
  EXPECT_EQ(aic({{"orderBy", "price"}}, 400).at("errCode").as_string(), "InvalidParameter");
}

TEST(AicontentApi, TokensRoundTripAndRejectTampering) {
  for (std::int64_t offset : {0, 20, 40, 65535, 1 << 20}) EXPECT_EQ(aicontent_token_offset(aicontent_token(offset)), offset);
  auto token = aicontent_token(20);
  EXPECT_TRUE(token.starts_with("++//"));
  token[6] = token[6] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(aicontent_token_offset(token));
  EXPECT_FALSE(aicontent_token_offset(""));
  EXPECT_FALSE(aicontent_token_offset("++//"));
}

}  // namespace
}  // namespace qg::emulator
