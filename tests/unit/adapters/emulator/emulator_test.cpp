// The emulator's verifiers and APIs as pure functions: requests signed by our own signers and by
// the official SDKs (the KAT vectors) are accepted; every kind of tampering gets the real code.

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <gtest/gtest.h>

#include "adapters/alibaba_aicontent/request.hpp"
#include "adapters/alibaba_ice/request.hpp"
#include "adapters/common/time.hpp"
#include "adapters/emulator/core.hpp"
#include "adapters/emulator/verify_acs3.hpp"
#include "adapters/emulator/verify_tc3.hpp"
#include "adapters/tencent_live/request.hpp"
#include "tests/support/test_data.hpp"

namespace {

using namespace qg;
using emulator::WireRequest;

constexpr std::int64_t kNow = 1735689600;
const std::vector<emulator::Credential> kTencent{{"AKIDtest", "tencent-secret"}};
const std::vector<emulator::Credential> kAlibaba{{"LTAItest", "alibaba-secret"}};

WireRequest wire(const adapters::HttpRequest& r) {
  WireRequest w;
  w.method = r.method;
  w.target = r.target;
  const auto q = w.target.find('?');
  w.path = w.target.substr(0, q);
  if (q != std::string::npos) w.query = w.target.substr(q + 1);
  w.headers = r.headers;
  w.body = r.body;
  return w;
}

WireRequest tencent_request(std::string key = "tencent-secret", std::int64_t ts = kNow) {
  tencent_live::TencentLiveOptions o;
  o.endpoint = *adapters::parse_endpoint("http://127.0.0.1:9000");
  o.secret_id = adapters::Secret("AKIDtest");
  o.secret_key = adapters::Secret(std::move(key));
  return wire(tencent_live::build_request(o, 0, 1, {ts, ""}));
}

std::string tc3_code(const WireRequest& w, std::int64_t now = kNow) {
  emulator::Tc3Verified out;
  auto f = emulator::verify_tc3(w, kTencent, now, "live", out);
  return f ? f->code : "ok";
}

TEST(VerifyTc3, AcceptsOurSignerAndRejectsEachTampering) {
  EXPECT_EQ(tc3_code(tencent_request()), "ok");
  EXPECT_EQ(tc3_code(tencent_request("wrong")), "AuthFailure.SignatureFailure");
  EXPECT_EQ(tc3_code(tencent_request(), kNow + 301), "AuthFailure.SignatureExpire");
  EXPECT_EQ(tc3_code(tencent_request(), kNow - 301), "AuthFailure.SignatureExpire");
  EXPECT_EQ(tc3_code(tencent_request(), kNow + 299), "ok");
  auto body = tencent_request();
  body.body = R"({"PackageType":1,"PageNum":1,"PageSize":100})";
  EXPECT_EQ(tc3_code(body), "AuthFailure.SignatureFailure");
  auto host = tencent_request();
  for (auto& [k, v] : host.headers) {
    if (k == "Host") v = "127.0.0.1:9001";
  }
  EXPECT_EQ(tc3_code(host), "AuthFailure.SignatureFailure");  // verified against the Host as sent
  auto unknown = tencent_request();
  for (auto& [k, v] : unknown.headers) {
    if (k == "Authorization") v.replace(v.find("AKIDtest"), 8, "AKIDnope");
  }
  EXPECT_EQ(tc3_code(unknown), "AuthFailure.SecretIdNotFound");
  auto garbage = tencent_request();
  for (auto& [k, v] : garbage.headers) {
    if (k == "Authorization") v = "Basic abc";
  }
  EXPECT_EQ(tc3_code(garbage), "AuthFailure.InvalidAuthorization");
}

TEST(VerifyTc3, AcceptsTheOfficialSdkRequestsFromTheVectors) {
  const auto all = boost::json::parse(test::read_test_data("vectors/kat.json")).as_array();
  int checked = 0;
  for (const auto& v : all) {
    const auto& in = v.at("inputs").as_object();
    if (!in.contains("url")) continue;  // the doc examples sign other services
    const std::string url_text(in.at("url").as_string());
    auto url = boost::urls::parse_uri(url_text).value();
    WireRequest w;
    w.method = std::string(in.at("method").as_string());
    w.path = "/";
    w.query = std::string(url.encoded_query());
    w.body = std::string(in.at("body").as_string());
    const auto ts = in.at("timestamp").as_int64();
    w.headers = {{"Host", std::string(url.encoded_host())},
                 {"Content-Type", std::string(in.at("contentType").as_string())},
                 {"X-TC-Timestamp", std::to_string(ts)},
                 {"Authorization", std::string(v.at("expect").at("authorization").as_string())}};
    const std::vector<emulator::Credential> creds{
        {std::string(in.at("secretId").as_string()), std::string(in.at("secretKey").as_string())}};
    emulator::Tc3Verified out;
    auto f = emulator::verify_tc3(w, creds, ts, "live", out);
    EXPECT_FALSE(f) << v.at("id") << ": " << (f ? f->code : "");
    ++checked;
  }
  EXPECT_EQ(checked, 3);
}

WireRequest ice_request(std::string secret = "alibaba-secret", std::int64_t now = kNow, std::string nonce = "n1") {
  alibaba_ice::IceOptions o;
  o.endpoint = *adapters::parse_endpoint("http://127.0.0.1:9000");
  o.access_key_id = "LTAItest";
  o.access_key_secret = adapters::Secret(std::move(secret));
  return wire(alibaba_ice::build_request(o, 1, {now, std::move(nonce)}));
}

std::string acs3_code(const WireRequest& w, std::int64_t now = kNow) {
  emulator::Acs3Verified out;
  auto f = emulator::verify_acs3(w, kAlibaba, now, out);
  return f ? f->code + "/" + std::to_string(f->http_status) : "ok";
}

TEST(VerifyAcs3, AcceptsOurSignerAndRejectsEachTampering) {
  EXPECT_EQ(acs3_code(ice_request()), "ok");
  EXPECT_EQ(acs3_code(ice_request("wrong")), "SignatureDoesNotMatch/400");
  EXPECT_EQ(acs3_code(ice_request(), kNow + 15 * 60 + 1), "InvalidTimeStamp.Expired/400");
  auto extra = ice_request();
  extra.headers.emplace_back("x-acs-extra", "unsigned");
  EXPECT_EQ(acs3_code(extra), "IncompleteSignature/400");
  auto body = ice_request();
  body.body = "PageNo=9";
  EXPECT_EQ(acs3_code(body), "SignatureDoesNotMatch/400");
  auto query = ice_request();
  query.query = "NeedTotalCount=true&PageNo=2&PageSize=50";
  EXPECT_EQ(acs3_code(query), "SignatureDoesNotMatch/400");
  auto unknown = ice_request();
  for (auto& [k, v] : unknown.headers) {
    if (k == "Authorization") v.replace(v.find("LTAItest"), 8, "LTAInope");
  }
  EXPECT_EQ(acs3_code(unknown), "InvalidAccessKeyId.NotFound/404");
  // ROA, with an encoded cursor: the canonical query is re-derived from the decoded values.
  alibaba_aicontent::AicontentOptions o;
  o.endpoint = *adapters::parse_endpoint("http://127.0.0.1:9000");
  o.access_key_id = "LTAItest";
  o.access_key_secret = adapters::Secret("alibaba-secret");
  EXPECT_EQ(acs3_code(wire(alibaba_aicontent::build_cursor_request(o, std::string("AAAA/bb+cc==~*"), {kNow, "n"}))), "ok");
}

TEST(VerifyAcs3, AcceptsTheOfficialSdkRequestsFromTheVectors) {
  const auto all = boost::json::parse(test::read_test_data("vectors/kat.json")).as_array();
  int checked = 0;
  for (const auto& v : all) {
    if (v.at("scheme").as_string() != "ACS3-HMAC-SHA256") continue;
    const auto& in = v.at("inputs").as_object();
    if (!in.at("headers").as_object().contains("x-acs-content-sha256")) continue;  // the doc example omits it
    WireRequest w;
    w.method = std::string(in.at("method").as_string());
    w.path = std::string(in.at("pathname").as_string());
    std::string query;
    for (const auto& [k, val] : in.at("query").as_object()) {
      query += (query.empty() ? "" : "&") + signing::rfc3986_encode(k) + "=" + signing::rfc3986_encode(val.as_string());
    }
    w.query = query;
    for (const auto& [k, val] : in.at("headers").as_object()) w.headers.emplace_back(std::string(k), std::string(val.as_string()));
    w.headers.emplace_back("Authorization", std::string(v.at("expect").at("authorization").as_string()));
    const auto now = *adapters::parse_rfc3339(in.at("headers").at("x-acs-date").as_string());
    const std::vector<emulator::Credential> creds{{std::string(in.at("accessKeyId").as_string()),
                                                   std::string(in.at("accessKeySecret").as_string())}};
    emulator::Acs3Verified out;
    auto f = emulator::verify_acs3(w, creds, now, out);
    EXPECT_FALSE(f) << v.at("id") << ": " << (f ? f->code + " " + f->message : "");
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

TEST(EmulatorCore, ReplayedNonceThrottlingAndPagingRules) {
  emulator::EmulatorOptions options;
  options.alibaba_credentials = kAlibaba;
  options.tencent_credentials = kTencent;
  options.data_epoch = kNow;
  options.alibaba_rate_limit = 3;
  emulator::EmulatorCore core(options);
  const auto now = emulator::unix_now();
  const auto first = core.handle(ice_request("alibaba-secret", now, "same-nonce"));
  EXPECT_EQ(first.status, 200u) << first.body;
  const auto replay = core.handle(ice_request("alibaba-secret", now, "same-nonce"));
  EXPECT_EQ(replay.status, 400u);
  EXPECT_NE(replay.body.find("SignatureNonceUsed"), std::string::npos);
  std::vector<unsigned> statuses;
  for (int i = 0; i < 5; ++i) statuses.push_back(core.handle(ice_request("alibaba-secret", now, "n" + std::to_string(i))).status);
  // 3/s: the first request and two of these fill the second; the replay was refused before counting.
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 429u), 3);
  const auto stats = core.stats().at("apis").at("alibaba-ice").as_object();
  EXPECT_EQ(stats.at("errors").at("Throttling.User").as_uint64(), 3u);

  tencent_live::TencentLiveOptions t;
  t.endpoint = *adapters::parse_endpoint("http://127.0.0.1:9000");
  t.secret_id = adapters::Secret("AKIDtest");
  t.secret_key = adapters::Secret("tencent-secret");
  t.page_size = 5;  // outside 10..100
  const auto bad_size = core.handle(wire(tencent_live::build_request(t, 0, 1, {now, ""})));
  EXPECT_NE(bad_size.body.find("InvalidParameterValue"), std::string::npos);
  t.page_size = 100;
  const auto page3 = core.handle(wire(tencent_live::build_request(t, 0, 3, {now, ""})));
  const auto body = boost::json::parse(page3.body).at("Response").as_object();
  EXPECT_EQ(body.at("PageNum").as_int64(), 3);
  EXPECT_EQ(body.at("TotalPage").as_int64(), 3);
  EXPECT_EQ(body.at("LivePackageInfoList").as_array().size(), 30u);  // 230 traffic packages
}

TEST(Dataset, DeterministicRealisticAndComplete) {
  const auto a = emulator::make_dataset(7, kNow, {});
  const auto b = emulator::make_dataset(7, kNow, {});
  const auto c = emulator::make_dataset(8, kNow, {});
  EXPECT_EQ(boost::json::serialize(boost::json::value_from(a.tencent[0].front())),
            boost::json::serialize(boost::json::value_from(b.tencent[0].front())));
  EXPECT_NE(boost::json::serialize(boost::json::value_from(a.tencent[0][5])),
            boost::json::serialize(boost::json::value_from(c.tencent[0][5])));
  std::set<std::int64_t> statuses;
  for (const auto& list : a.tencent) {
    for (const auto& p : list) statuses.insert(p.at("Status").as_int64());
  }
  EXPECT_EQ(statuses.size(), 6u);
  bool beyond_32_bits = false;
  for (const auto& p : a.tencent[0]) beyond_32_bits |= p.at("Total").as_int64() > (1LL << 32);
  EXPECT_TRUE(beyond_32_bits);
  EXPECT_EQ(a.total_records(), 230u + 150u + 120u + 120u + 60u);
}

}  // namespace
