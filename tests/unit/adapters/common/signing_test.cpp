// The signers against every TC3 and ACS3 known-answer vector in tests/data/vectors/kat.json
// (copied from the published doc examples and the official SDKs' frozen-clock outputs).

#include <string>
#include <vector>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <gtest/gtest.h>

#include "adapters/common/signing/acs3.hpp"
#include "adapters/common/signing/crypto.hpp"
#include "adapters/common/signing/tc3.hpp"
#include "tests/support/test_data.hpp"

namespace {

namespace json = boost::json;
using namespace qg::signing;

std::vector<json::object> vectors(std::string_view scheme) {
  std::vector<json::object> out;
  const auto all = json::parse(qg::test::read_test_data("vectors/kat.json")).as_array();
  for (const auto& v : all) {
    if (v.at("scheme").as_string() == scheme) out.push_back(v.as_object());
  }
  return out;
}

std::string str(const json::value& v) { return std::string(v.as_string()); }

TEST(Tc3Signer, MatchesEveryKnownAnswerVector) {
  const auto cases = vectors("TC3-HMAC-SHA256");
  ASSERT_EQ(cases.size(), 6u);
  for (const auto& c : cases) {
    SCOPED_TRACE(str(c.at("id")));
    const auto& in = c.at("inputs").as_object();
    const auto& expect = c.at("expect").as_object();
    std::string host, query, payload;
    if (in.contains("url")) {
      // SDK-captured vectors give the URL as sent: host from it, query exactly as sent.
      const std::string text = str(in.at("url"));
      auto url = boost::urls::parse_uri(text).value();
      host = std::string(url.encoded_host());
      query = std::string(url.encoded_query());
      payload = str(in.at("body"));
    } else {
      host = str(in.at("host"));
      query = str(in.at("query"));
      payload = str(in.at("payload"));
    }
    const std::string method = str(in.at("method"));
    const std::string content_type = str(in.at("contentType"));
    const std::string service = str(in.at("service"));
    Tc3Request req;
    req.method = method;
    req.host = host;
    req.canonical_query = query;
    req.content_type = content_type;
    req.payload = payload;
    req.timestamp = in.at("timestamp").to_number<std::int64_t>();
    req.service = service;
    if (const auto* extra = in.if_contains("extraSignedHeaders"); extra && extra->is_object()) {
      for (const auto& [k, v] : extra->as_object()) req.extra_signed_headers.emplace_back(std::string(k), str(v));
    }
    const auto sig = tc3_sign(req, str(in.at("secretId")), str(in.at("secretKey")));
    EXPECT_EQ(sig.canonical_request, str(expect.at("canonicalRequest")));
    EXPECT_EQ(sig.string_to_sign, str(expect.at("stringToSign")));
    EXPECT_EQ(sig.signing_key_hex, str(expect.at("kSigning")));
    EXPECT_EQ(sig.signature, str(expect.at("signature")));
    EXPECT_EQ(sig.authorization, str(expect.at("authorization")));
  }
}

TEST(Tc3Signer, ScopeDateIsTheUtcDateNotBeijingDate) {
  // 2019-02-25T16:44:25Z is already 2019-02-26 in Beijing.
  Tc3Request req;
  req.host = "live.tencentcloudapi.com";
  req.content_type = "application/json";
  req.payload = "{}";
  req.timestamp = 1551113065;
  req.service = "live";
  EXPECT_NE(tc3_sign(req, "id", "key").string_to_sign.find("\n2019-02-25/live/tc3_request\n"), std::string::npos);
}

TEST(Acs3Signer, MatchesEveryKnownAnswerVector) {
  const auto cases = vectors("ACS3-HMAC-SHA256");
  ASSERT_EQ(cases.size(), 7u);
  for (const auto& c : cases) {
    SCOPED_TRACE(str(c.at("id")));
    const auto& in = c.at("inputs").as_object();
    const auto& expect = c.at("expect").as_object();
    const std::string method = str(in.at("method"));
    const std::string path = str(in.at("pathname"));
    const std::string body = str(in.at("body"));
    Acs3Request req;
    req.method = method;
    req.path = path;
    req.body = body;
    for (const auto& [k, v] : in.at("query").as_object()) req.query.emplace_back(std::string(k), str(v));
    for (const auto& [k, v] : in.at("headers").as_object()) req.headers.emplace_back(std::string(k), str(v));
    const auto sig = acs3_sign(req, str(in.at("accessKeyId")), str(in.at("accessKeySecret")));
    EXPECT_EQ(sig.canonical_request, str(expect.at("canonicalRequest")));
    EXPECT_EQ(sig.string_to_sign, str(expect.at("stringToSign")));
    EXPECT_EQ(sig.signature, str(expect.at("signature")));
    EXPECT_EQ(sig.authorization, str(expect.at("authorization")));
  }
}

TEST(Acs3Signer, EncodesQueryPerRfc3986) {
  EXPECT_EQ(rfc3986_encode("a b*c~d/e+f=g"), "a%20b%2Ac~d%2Fe%2Bf%3Dg");
  EXPECT_EQ(rfc3986_encode("\xe5\x8f\xa3"), "%E5%8F%A3");
  EXPECT_EQ(acs3_canonical_query({{"b", "2"}, {"a", ""}, {"B", "1"}}), "B=1&a=&b=2");
  EXPECT_EQ(acs3_canonical_uri("/api/v1/aliyunConsole/queryPaidResource"), "/api/v1/aliyunConsole/queryPaidResource");
  EXPECT_EQ(acs3_canonical_uri("/a b/c"), "/a%20b/c");
}

TEST(Acs3Signer, SignsHostContentTypeAndEveryAcsHeaderOnly) {
  Acs3Request req;
  req.method = "POST";
  req.headers = {{"Host", "ice.cn-shanghai.aliyuncs.com"}, {"X-Acs-Date", " 2025-01-02T03:04:05Z "},
                 {"User-Agent", "x"}, {"Accept", "application/json"}, {"Content-Type", "application/json"}};
  req.body = "{}";
  const auto sig = acs3_sign(req, "ak", "secret");
  EXPECT_EQ(sig.signed_headers, "content-type;host;x-acs-content-sha256;x-acs-date");
  EXPECT_EQ(sig.content_sha256, sha256_hex("{}"));
  EXPECT_NE(sig.canonical_request.find("x-acs-date:2025-01-02T03:04:05Z\n"), std::string::npos);
}

TEST(Crypto, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_EQ(sha256_hex(""), kEmptySha256Hex);
}

}  // namespace
