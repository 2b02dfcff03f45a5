// AliyunConsoleOpenApiQueryPaidResource on the wire (providers.md §3.3-§3.4, §6): ROA style,
// GET on the API path with every parameter in the sorted canonical query, version 20240611,
// ACS3-signed afresh on every attempt; cursor mode (maxResults, nextToken) and index mode
// (pageIndex, pageSize).

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "adapters/alibaba_aicontent/request.hpp"
#include "adapters/common/signing/acs3.hpp"
#include "adapters/common/time.hpp"
#include "tests/support/test_data.hpp"

namespace {

using namespace qg;

constexpr std::int64_t kVectorTime = 1735787045;  // 2025-01-02T03:04:05Z
constexpr const char* kVectorNonce = "3156853299f313e23d1673dc12e1703d";
constexpr const char* kEmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr const char* kSignedHeaders =
    "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";
constexpr const char* kSecret = "ExampleAccessKeySecret0123456789";

alibaba_aicontent::AicontentOptions options() {
  alibaba_aicontent::AicontentOptions o;
  o.account = "aic-prod";
  o.endpoint = alibaba_aicontent::default_endpoint();
  o.access_key_id = "LTAI5tExampleAccessKeyId00";
  o.access_key_secret = adapters::Secret(kSecret);
  o.max_results = 20;  // the vectors' page size
  return o;
}

std::string header(const adapters::HttpRequest& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (adapters::iequals(k, name)) return v;
  }
  return {};
}

std::string signature_of(const adapters::HttpRequest& r) {
  const auto auth = header(r, "Authorization");
  const auto at = auth.find(",Signature=");
  return at == std::string::npos ? std::string() : auth.substr(at + 11);
}

// Re-signs what was sent independently (every header but Authorization, the given query).
signing::Acs3Signature resign(const adapters::HttpRequest& r, signing::NameValues query,
                              std::string_view secret) {
  signing::Acs3Request s;
  s.method = r.method;
  s.path = alibaba_aicontent::kPath;
  s.query = std::move(query);
  for (const auto& [k, v] : r.headers) {
    if (!adapters::iequals(k, "Authorization")) s.headers.emplace_back(k, v);
  }
  s.body = r.body;
  return signing::acs3_sign(s, "LTAI5tExampleAccessKeyId00", secret);
}

TEST(AlibabaAicontentRequest, DefaultEndpointIsTheCentralOne) {
  const auto ep = alibaba_aicontent::default_endpoint();
  EXPECT_EQ(ep.host, "aicontent.aliyuncs.com");
  EXPECT_TRUE(ep.tls);
  EXPECT_EQ(ep.port, 443);
}

// Pages as large as the service is known to take, so a listing costs few pages: two rounds.
TEST(AlibabaAicontentRequest, DefaultPageSizeIsAHundred) {
  EXPECT_EQ(alibaba_aicontent::AicontentOptions{}.max_results, 100);
  auto o = options();
  o.max_results = alibaba_aicontent::AicontentOptions{}.max_results;
  const adapters::AttemptContext attempt{kVectorTime, kVectorNonce};
  EXPECT_EQ(alibaba_aicontent::build_index_request(o, 1, attempt).target,
            "/api/v1/aliyunConsole/queryPaidResource?needTotalCount=true&pageIndex=1&pageSize=100&resourceType=ALL");
}

TEST(AlibabaAicontentRequest, CursorModeFirstPageAsksMaxResultsAndTheTotal) {
  const adapters::AttemptContext attempt{kVectorTime, kVectorNonce};
  const auto req = alibaba_aicontent::build_cursor_request(options(), std::nullopt, attempt);
  EXPECT_EQ(req.method, "GET");
  EXPECT_EQ(req.target,
            "/api/v1/aliyunConsole/queryPaidResource?maxResults=20&needTotalCount=true&resourceType=ALL");
  EXPECT_EQ(req.body, "");
  EXPECT_EQ(header(req, "Content-Type"), "");
  // An empty token is the same as none.
  const std::optional<std::string> empty = std::string();
  EXPECT_EQ(alibaba_aicontent::build_cursor_request(options(), empty, attempt).target, req.target);
}

TEST(AlibabaAicontentRequest, CursorTokenIsPercentEncodedInTheSortedQuery) {
  const adapters::AttemptContext attempt{kVectorTime, kVectorNonce};
  const std::optional<std::string> token = std::string("AAAA/bb+cc==~*");
  const auto req = alibaba_aicontent::build_cursor_request(options(), token, attempt);
  EXPECT_EQ(req.target,
            "/api/v1/aliyunConsole/"
            "queryPaidResource?maxResults=20&needTotalCount=true&nextToken=AAAA%2Fbb%2Bcc%3D%3D~%2A"
            "&resourceType=ALL");
  // What is sent is what is signed.
  const auto again = resign(req,
                            {{"maxResults", "20"},
                             {"needTotalCount", "true"},
                             {"nextToken", "AAAA/bb+cc==~*"},
                             {"resourceType", "ALL"}},
                            kSecret);
  EXPECT_EQ(again.signature, signature_of(req));
  EXPECT_NE(signature_of(req),
            signature_of(alibaba_aicontent::build_cursor_request(options(), std::nullopt, attempt)));
}

TEST(AlibabaAicontentRequest, IndexModeAsksPageIndexAndPageSize) {
  auto o = options();
  o.max_results = 50;
  const adapters::AttemptContext attempt{kVectorTime, kVectorNonce};
  const auto req = alibaba_aicontent::build_index_request(o, 3, attempt);
  EXPECT_EQ(req.method, "GET");
  EXPECT_EQ(
      req.target,
      "/api/v1/aliyunConsole/queryPaidResource?needTotalCount=true&pageIndex=3&pageSize=50&resourceType=ALL");
  EXPECT_EQ(req.body, "");
}

TEST(AlibabaAicontentRequest, CarriesEveryAcs3Header) {
  const adapters::AttemptContext attempt{kVectorTime, kVectorNonce};
  const auto req = alibaba_aicontent::build_cursor_request(options(), std::nullopt, attempt);
  EXPECT_EQ(header(req, "host"), "aicontent.aliyuncs.com");
  EXPECT_EQ(header(req, "x-acs-action"), "AliyunConsoleOpenApiQueryPaidResource");
  EXPECT_EQ(header(req, "x-acs-version"), "20240611");  // no dashes, as the SDKs send it
  EXPECT_EQ(header(req, "x-acs-date"), "2025-01-02T03:04:05Z");
  EXPECT_EQ(header(req, "x-acs-signature-nonce"), kVectorNonce);
  EXPECT_EQ(header(req, "x-acs-content-sha256"), kEmptySha256);
  EXPECT_EQ(header(req, "accept"), "application/json");
  EXPECT_EQ(header(req, "x-acs-security-token"), "");
  const auto auth = header(req, "Authorization");
  const std::string prefix =
      std::string("ACS3-HMAC-SHA256 Credential=LTAI5tExampleAccessKeyId00,SignedHeaders=") + kSignedHeaders +
      ",Signature=";
  ASSERT_EQ(auth.substr(0, prefix.size()), prefix) << auth;
  const auto sig = auth.substr(prefix.size());
  EXPECT_EQ(sig.size(), 64u);
  EXPECT_EQ(sig.find_first_not_of("0123456789abcdef"), std::string::npos) << sig;
}

// One vector of tests/data/vectors/kat.json, by id.
boost::json::object kat(std::string_view id) {
  const auto all = boost::json::parse(test::read_test_data("vectors/kat.json"));
  for (const auto& v : all.as_array()) {
    if (v.as_object().at("id").as_string() == id) return v.as_object();
  }
  ADD_FAILURE() << "no vector " << id;
  return {};
}

std::string str(const boost::json::value& v) {
  return std::string(v.as_string());
}

TEST(AlibabaAicontentRequest, OurIndexRequestIsTheKatVectorAicontentRoaGetMinimal) {
  // Everything taken from kat.json: the official SDK's index request for page 1 of 10, with
  // resourceType=ALL and needTotalCount=true, is exactly what build_index_request sends.
  const auto v = kat("aicontent_roa_get_minimal");
  ASSERT_FALSE(v.empty());
  const auto& in = v.at("inputs").as_object();
  const auto& sent = in.at("headers").as_object();
  const auto& query = in.at("query").as_object();
  ASSERT_EQ(query.size(), 4u);
  ASSERT_EQ(str(query.at("resourceType")), "ALL");
  ASSERT_EQ(str(query.at("needTotalCount")), "true");
  alibaba_aicontent::AicontentOptions o;
  o.endpoint = alibaba_aicontent::default_endpoint();
  ASSERT_EQ(o.endpoint.host, str(sent.at("host")));
  o.access_key_id = str(in.at("accessKeyId"));
  o.access_key_secret = adapters::Secret(str(in.at("accessKeySecret")));
  o.max_results = std::stoll(str(query.at("pageSize")));
  const auto when = adapters::parse_rfc3339(str(sent.at("x-acs-date")));
  ASSERT_TRUE(when);
  const adapters::AttemptContext attempt{*when, str(sent.at("x-acs-signature-nonce"))};
  const auto req = alibaba_aicontent::build_index_request(o, std::stoll(str(query.at("pageIndex"))), attempt);

  const auto& expect = v.at("expect").as_object();
  EXPECT_EQ(req.method, str(in.at("method")));
  EXPECT_EQ(req.body, str(in.at("body")));
  EXPECT_EQ(header(req, "Authorization"), str(expect.at("authorization")));
  const std::string canonical = str(expect.at("canonicalRequest"));
  const auto line2 = canonical.find('\n', canonical.find('\n') + 1);
  const auto line3 = canonical.find('\n', line2 + 1);
  EXPECT_EQ(req.target, str(in.at("pathname")) + "?" + canonical.substr(line2 + 1, line3 - line2 - 1));
  for (const char* name : {"host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce",
                           "x-acs-content-sha256", "accept"}) {
    EXPECT_EQ(header(req, name), str(sent.at(name))) << name;
  }
  const auto again = resign(
      req, {{"needTotalCount", "true"}, {"pageIndex", "1"}, {"pageSize", "10"}, {"resourceType", "ALL"}},
      kSecret);
  EXPECT_EQ(again.canonical_request, canonical);
  EXPECT_EQ(again.string_to_sign, str(expect.at("stringToSign")));
}

TEST(AlibabaAicontentRequest, RegionalEndpointsFollowTheSdkMap) {
  EXPECT_EQ(alibaba_aicontent::default_endpoint("").host, "aicontent.aliyuncs.com");
  EXPECT_EQ(alibaba_aicontent::default_endpoint("public").host, "aicontent.aliyuncs.com");
  EXPECT_EQ(alibaba_aicontent::default_endpoint("cn-shanghai").host, "aicontent.aliyuncs.com");
  EXPECT_EQ(alibaba_aicontent::default_endpoint("cn-hangzhou").host, "aicontent.cn-hangzhou.aliyuncs.com");
  EXPECT_EQ(alibaba_aicontent::default_endpoint("cn-beijing").host, "aicontent.cn-beijing.aliyuncs.com");
}

TEST(AlibabaAicontentRequest, SendsNoCredentialsProviderAndNoContentType) {
  const adapters::AttemptContext attempt{kVectorTime, kVectorNonce};
  const auto req = alibaba_aicontent::build_cursor_request(options(), std::nullopt, attempt);
  EXPECT_EQ(header(req, "x-acs-credentials-provider"), "");
  EXPECT_EQ(header(req, "content-type"), "");
  EXPECT_EQ(req.headers.size(), 8u);  // Host, 5 signed x-acs-*, accept, Authorization
  for (const auto& [k, v] : req.headers) EXPECT_EQ(v.find(kSecret), std::string::npos) << k;
}

TEST(AlibabaAicontentRequest, SharedPopBuilderReproducesTheSdkVectorAicontentRoaGetMinimal) {
  // The same headers, path and signer as our requests, given the vector's exact query.
  adapters::alibaba::PopCall call{
      "GET",
      alibaba_aicontent::kPath,
      alibaba_aicontent::kAction,
      alibaba_aicontent::kVersion,
      {{"resourceType", "ALL"}, {"pageIndex", "1"}, {"pageSize", "10"}, {"needTotalCount", "true"}}};
  const adapters::alibaba::Credentials credentials{
      "LTAI5tExampleAccessKeyId00", adapters::Secret(kSecret), {}};
  const adapters::AttemptContext attempt{kVectorTime, kVectorNonce};
  const auto req =
      adapters::alibaba::build_request(alibaba_aicontent::default_endpoint(), credentials, call, attempt);
  EXPECT_EQ(
      req.target,
      "/api/v1/aliyunConsole/queryPaidResource?needTotalCount=true&pageIndex=1&pageSize=10&resourceType=ALL");
  EXPECT_EQ(header(req, "Authorization"),
            "ACS3-HMAC-SHA256 Credential=LTAI5tExampleAccessKeyId00,SignedHeaders=host;x-acs-action;"
            "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
            "Signature=a533f5aea4b54151b99e7e0ed34ee3612cde3b95cda2ce5e9a7e13208471f3c0");
}

TEST(AlibabaAicontentRequest, SharedPopBuilderReproducesTheSdkVectorAicontentRoaGetNexttoken) {
  adapters::alibaba::PopCall call{"GET",
                                  alibaba_aicontent::kPath,
                                  alibaba_aicontent::kAction,
                                  alibaba_aicontent::kVersion,
                                  {{"nextToken", "AAAA/bb+cc==~*"},
                                   {"maxResults", "20"},
                                   {"resourceType", "ALL"},
                                   {"orderBy", "effectiveTime"},
                                   {"orderDirection", "DESC"},
                                   {"groupBy", "resourceId"}}};
  adapters::Endpoint ep;
  ep.host = "aicontent.cn-hangzhou.aliyuncs.com";
  const adapters::alibaba::Credentials credentials{
      "LTAI5tExampleAccessKeyId00", adapters::Secret(kSecret), {}};
  const adapters::AttemptContext attempt{1751284800,
                                         "0f0e0d0c0b0a09080706050403020100"};  // 2025-06-30T12:00:00Z
  const auto req = adapters::alibaba::build_request(ep, credentials, call, attempt);
  EXPECT_EQ(signature_of(req), "2cafdbd58e0253887be378f8b5e87e1d3dca3ebb165d258950dcda00e00675dc");
}

TEST(AlibabaAicontentRequest, FreshNonceOrTimeGivesAFreshSignature) {
  const adapters::AttemptContext base{kVectorTime, kVectorNonce};
  const adapters::AttemptContext other_nonce{kVectorTime, "00000000000000000000000000000001"};
  const adapters::AttemptContext other_time{kVectorTime + 60, kVectorNonce};
  const auto a = alibaba_aicontent::build_index_request(options(), 1, base);
  const auto a2 = alibaba_aicontent::build_index_request(options(), 1, base);
  const auto b = alibaba_aicontent::build_index_request(options(), 1, other_nonce);
  const auto c = alibaba_aicontent::build_index_request(options(), 1, other_time);
  EXPECT_EQ(signature_of(a), signature_of(a2));
  EXPECT_NE(signature_of(a), signature_of(b));
  EXPECT_NE(signature_of(a), signature_of(c));
  EXPECT_NE(signature_of(b), signature_of(c));
  EXPECT_EQ(header(c, "x-acs-date"), "2025-01-02T03:05:05Z");
  EXPECT_EQ(header(b, "x-acs-signature-nonce"), "00000000000000000000000000000001");
}

TEST(AlibabaAicontentRequest, StsTokenIsSentAndSigned) {
  auto o = options();
  o.security_token = adapters::Secret("CAIS.ExampleSecurityToken+/==");
  const adapters::AttemptContext attempt{kVectorTime, kVectorNonce};
  const auto req = alibaba_aicontent::build_cursor_request(o, std::nullopt, attempt);
  EXPECT_EQ(header(req, "x-acs-security-token"), "CAIS.ExampleSecurityToken+/==");
  EXPECT_NE(header(req, "Authorization")
                .find("SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;"
                      "x-acs-signature-nonce;x-acs-version,Signature="),
            std::string::npos)
      << header(req, "Authorization");
  const auto again =
      resign(req, {{"maxResults", "20"}, {"needTotalCount", "true"}, {"resourceType", "ALL"}}, kSecret);
  EXPECT_EQ(again.signature, signature_of(req));
  EXPECT_NE(signature_of(req),
            signature_of(alibaba_aicontent::build_cursor_request(options(), std::nullopt, attempt)));
}

}  // namespace
