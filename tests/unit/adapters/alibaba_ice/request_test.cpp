// GetAiRtcLicenseInfoList on the wire (providers.md §2.3, §6): RPC style, POST / with every
// parameter in the sorted canonical query, an empty body, ACS3-signed afresh on every attempt.

#include <set>

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "adapters/alibaba_ice/request.hpp"
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

alibaba_ice::IceOptions options() {
  alibaba_ice::IceOptions o;
  o.account = "ice-prod";
  o.endpoint = alibaba_ice::default_endpoint("cn-shanghai");
  o.access_key_id = "LTAI5tExampleAccessKeyId00";
  o.access_key_secret = adapters::Secret("ExampleAccessKeySecret0123456789");
  return o;
}

std::string header(const adapters::HttpRequest& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (adapters::iequals(k, name)) return v;
  }
  return {};
}

int header_count(const adapters::HttpRequest& r, std::string_view name) {
  int n = 0;
  for (const auto& [k, v] : r.headers) {
    if (adapters::iequals(k, name)) ++n;
  }
  return n;
}

std::string signature_of(const adapters::HttpRequest& r) {
  const auto auth = header(r, "Authorization");
  const auto at = auth.find(",Signature=");
  return at == std::string::npos ? std::string() : auth.substr(at + 11);
}

// Re-signs what was sent (method, target's query, headers, empty body) independently.
signing::Acs3Signature resign(const adapters::HttpRequest& r, signing::NameValues query,
                              std::string_view secret) {
  signing::Acs3Request s;
  s.method = r.method;
  s.path = "/";
  s.query = std::move(query);
  for (const auto& [k, v] : r.headers) {
    if (!adapters::iequals(k, "Authorization")) s.headers.emplace_back(k, v);
  }
  s.body = r.body;
  return signing::acs3_sign(s, "LTAI5tExampleAccessKeyId00", secret);
}

TEST(AlibabaIceRequest, DefaultEndpointIsRegional) {
  EXPECT_EQ(alibaba_ice::default_endpoint("cn-shanghai").host, "ice.cn-shanghai.aliyuncs.com");
  EXPECT_EQ(alibaba_ice::default_endpoint("ap-southeast-1").host, "ice.ap-southeast-1.aliyuncs.com");
  EXPECT_TRUE(alibaba_ice::default_endpoint("cn-beijing").tls);
  EXPECT_EQ(alibaba_ice::default_endpoint("cn-beijing").port, 443);
}

TEST(AlibabaIceRequest, PostsEveryParameterInTheSortedCanonicalQuery) {
  const adapters::AttemptContext attempt{kVectorTime, kVectorNonce};
  const auto req = alibaba_ice::build_request(options(), 2, attempt);
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.target, "/?NeedTotalCount=true&PageNo=2&PageSize=50");
  EXPECT_EQ(req.body, "");
  EXPECT_EQ(header(req, "Content-Type"), "");  // no body, no content-type
}

TEST(AlibabaIceRequest, CarriesEveryAcs3Header) {
  const adapters::AttemptContext attempt{kVectorTime, kVectorNonce};
  const auto req = alibaba_ice::build_request(options(), 1, attempt);
  EXPECT_EQ(header(req, "host"), "ice.cn-shanghai.aliyuncs.com");
  EXPECT_EQ(header(req, "x-acs-action"), "GetAiRtcLicenseInfoList");
  EXPECT_EQ(header(req, "x-acs-version"), "2020-11-09");
  EXPECT_EQ(header(req, "x-acs-date"), "2025-01-02T03:04:05Z");
  EXPECT_EQ(header(req, "x-acs-signature-nonce"), kVectorNonce);
  EXPECT_EQ(header(req, "x-acs-content-sha256"), kEmptySha256);
  EXPECT_EQ(header(req, "accept"), "application/json");
  EXPECT_EQ(header(req, "x-acs-security-token"), "");
  for (const char* name : {"host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce",
                           "x-acs-content-sha256", "Authorization"}) {
    EXPECT_EQ(header_count(req, name), 1) << name;
  }
  const auto auth = header(req, "Authorization");
  const std::string prefix =
      std::string("ACS3-HMAC-SHA256 Credential=LTAI5tExampleAccessKeyId00,SignedHeaders=") + kSignedHeaders +
      ",Signature=";
  ASSERT_EQ(auth.substr(0, prefix.size()), prefix) << auth;
  const auto sig = auth.substr(prefix.size());
  EXPECT_EQ(sig.size(), 64u);
  EXPECT_EQ(sig.find_first_not_of("0123456789abcdef"), std::string::npos) << sig;
}

TEST(AlibabaIceRequest, AcsDateIsIsoUtc) {
  EXPECT_EQ(adapters::alibaba::acs_date(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(adapters::alibaba::acs_date(kVectorTime), "2025-01-02T03:04:05Z");
  const adapters::AttemptContext attempt{1767225599, "n"};  // last second of 2025
  EXPECT_EQ(header(alibaba_ice::build_request(options(), 1, attempt), "x-acs-date"), "2025-12-31T23:59:59Z");
}

TEST(AlibabaIceRequest, ReproducesTheOfficialSdkVectorIceRpcMinimal) {
  // kat.json ice_rpc_minimal: @alicloud/openapi-client also sends user-agent and accept, which
  // are not signed, so the signature over our request must be the SDK's.
  auto o = options();
  o.page_size = 10;
  const adapters::AttemptContext attempt{kVectorTime, kVectorNonce};
  const auto req = alibaba_ice::build_request(o, 1, attempt);
  EXPECT_EQ(req.target, "/?NeedTotalCount=true&PageNo=1&PageSize=10");
  EXPECT_EQ(signature_of(req), "50ed74f542b426d037186839d7b3a19bbe71cd70711f29ed46ab1fd2673a229d");
  EXPECT_EQ(header(req, "Authorization"),
            "ACS3-HMAC-SHA256 Credential=LTAI5tExampleAccessKeyId00,SignedHeaders=host;x-acs-action;"
            "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
            "Signature=50ed74f542b426d037186839d7b3a19bbe71cd70711f29ed46ab1fd2673a229d");
  // The canonical request is the vector's, byte for byte.
  const auto again = resign(req, {{"PageNo", "1"}, {"PageSize", "10"}, {"NeedTotalCount", "true"}},
                            "ExampleAccessKeySecret0123456789");
  EXPECT_EQ(again.canonical_request,
            "POST\n/\nNeedTotalCount=true&PageNo=1&PageSize=10\nhost:ice.cn-shanghai.aliyuncs.com\n"
            "x-acs-action:GetAiRtcLicenseInfoList\n"
            "x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
            "x-acs-date:2025-01-02T03:04:05Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n"
            "x-acs-version:2020-11-09\n\n"
            "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(again.string_to_sign,
            "ACS3-HMAC-SHA256\n462c7fedd608175d800bb7d6a34ca2a27e8cac89e643478ab01a52cbb502c049");
}

TEST(AlibabaIceRequest, SameInputsSignIdentically) {
  const adapters::AttemptContext attempt{kVectorTime, kVectorNonce};
  EXPECT_EQ(header(alibaba_ice::build_request(options(), 3, attempt), "Authorization"),
            header(alibaba_ice::build_request(options(), 3, attempt), "Authorization"));
}

TEST(AlibabaIceRequest, FreshNonceOrTimeGivesAFreshSignature) {
  const adapters::AttemptContext base{kVectorTime, kVectorNonce};
  const adapters::AttemptContext other_nonce{kVectorTime, "00000000000000000000000000000001"};
  const adapters::AttemptContext other_time{kVectorTime + 1, kVectorNonce};
  const auto a = alibaba_ice::build_request(options(), 1, base);
  const auto b = alibaba_ice::build_request(options(), 1, other_nonce);
  const auto c = alibaba_ice::build_request(options(), 1, other_time);
  EXPECT_NE(signature_of(a), signature_of(b));
  EXPECT_NE(signature_of(a), signature_of(c));
  EXPECT_NE(signature_of(b), signature_of(c));
  EXPECT_EQ(header(b, "x-acs-signature-nonce"), "00000000000000000000000000000001");
  EXPECT_EQ(header(c, "x-acs-date"), "2025-01-02T03:04:06Z");
  // Another page is another query, hence another signature.
  EXPECT_NE(signature_of(a), signature_of(alibaba_ice::build_request(options(), 2, base)));
}

TEST(AlibabaIceRequest, StsTokenIsSentAndSigned) {
  auto o = options();
  o.security_token = adapters::Secret("CAIS.ExampleSecurityToken+/==");
  const adapters::AttemptContext attempt{kVectorTime, kVectorNonce};
  const auto req = alibaba_ice::build_request(o, 1, attempt);
  EXPECT_EQ(header(req, "x-acs-security-token"), "CAIS.ExampleSecurityToken+/==");
  EXPECT_NE(header(req, "Authorization")
                .find("SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;"
                      "x-acs-signature-nonce;x-acs-version,Signature="),
            std::string::npos)
      << header(req, "Authorization");
  EXPECT_NE(signature_of(req), signature_of(alibaba_ice::build_request(options(), 1, attempt)));
  const auto again = resign(req, {{"NeedTotalCount", "true"}, {"PageNo", "1"}, {"PageSize", "50"}},
                            "ExampleAccessKeySecret0123456789");
  EXPECT_EQ(again.signature, signature_of(req));
  EXPECT_NE(again.canonical_request.find("\nx-acs-security-token:CAIS.ExampleSecurityToken+/==\n"),
            std::string::npos);
}

TEST(AlibabaIceRequest, WrongSecretDoesNotVerify) {
  const adapters::AttemptContext attempt{kVectorTime, kVectorNonce};
  const auto req = alibaba_ice::build_request(options(), 1, attempt);
  const signing::NameValues query{{"NeedTotalCount", "true"}, {"PageNo", "1"}, {"PageSize", "50"}};
  EXPECT_EQ(resign(req, query, "ExampleAccessKeySecret0123456789").signature, signature_of(req));
  EXPECT_NE(resign(req, query, "another-secret").signature, signature_of(req));
}

TEST(AlibabaIceRequest, SignsTheHostAsSentForAnEmulator) {
  auto o = options();
  o.endpoint = *adapters::parse_endpoint("http://127.0.0.1:8092");
  const adapters::AttemptContext attempt{kVectorTime, kVectorNonce};
  const auto req = alibaba_ice::build_request(o, 1, attempt);
  EXPECT_EQ(header(req, "Host"), "127.0.0.1:8092");
  const auto again = resign(req, {{"NeedTotalCount", "true"}, {"PageNo", "1"}, {"PageSize", "50"}},
                            "ExampleAccessKeySecret0123456789");
  EXPECT_NE(again.canonical_request.find("\nhost:127.0.0.1:8092\n"), std::string::npos);
  EXPECT_EQ(again.signature, signature_of(req));
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

TEST(AlibabaIceRequest, OurPageRequestIsTheKatVectorIceRpcMinimal) {
  // Everything taken from kat.json: the official SDK's request for page 1 of 10 is ours.
  const auto v = kat("ice_rpc_minimal");
  ASSERT_FALSE(v.empty());
  const auto& in = v.at("inputs").as_object();
  const auto& sent = in.at("headers").as_object();
  const auto& query = in.at("query").as_object();
  ASSERT_EQ(query.size(), 3u);  // PageNo, PageSize, NeedTotalCount: our request's shape
  ASSERT_EQ(str(query.at("NeedTotalCount")), "true");
  alibaba_ice::IceOptions o;
  o.endpoint = alibaba_ice::default_endpoint("cn-shanghai");
  ASSERT_EQ(o.endpoint.host, str(sent.at("host")));
  o.access_key_id = str(in.at("accessKeyId"));
  o.access_key_secret = adapters::Secret(str(in.at("accessKeySecret")));
  o.page_size = std::stoll(str(query.at("PageSize")));
  const auto when = adapters::parse_rfc3339(str(sent.at("x-acs-date")));
  ASSERT_TRUE(when);
  const adapters::AttemptContext attempt{*when, str(sent.at("x-acs-signature-nonce"))};
  const auto req = alibaba_ice::build_request(o, std::stoll(str(query.at("PageNo"))), attempt);

  const auto& expect = v.at("expect").as_object();
  EXPECT_EQ(req.method, str(in.at("method")));
  EXPECT_EQ(req.body, str(in.at("body")));
  EXPECT_EQ(header(req, "Authorization"), str(expect.at("authorization")));
  // The URL query is the vector's canonical query line, byte for byte.
  const std::string canonical = str(expect.at("canonicalRequest"));
  const auto line2 = canonical.find('\n', canonical.find('\n') + 1);
  const auto line3 = canonical.find('\n', line2 + 1);
  EXPECT_EQ(req.target, "/?" + canonical.substr(line2 + 1, line3 - line2 - 1));
  for (const char* name : {"host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce",
                           "x-acs-content-sha256", "accept"}) {
    EXPECT_EQ(header(req, name), str(sent.at(name))) << name;
  }
  const auto again = resign(req, {{"NeedTotalCount", "true"}, {"PageNo", "1"}, {"PageSize", "10"}},
                            str(in.at("accessKeySecret")));
  EXPECT_EQ(again.canonical_request, canonical);
  EXPECT_EQ(again.string_to_sign, str(expect.at("stringToSign")));
}

TEST(AlibabaIceRequest, SendsExactlyTheAcs3HeadersAndNoCredentialsProvider) {
  // The SDK's x-acs-credentials-provider (vector ice_rpc_minimal_sdk_default_credential) is a
  // signed header with no meaning for the service: never sent.
  auto o = options();
  o.security_token = adapters::Secret("CAIS.token");
  const adapters::AttemptContext attempt{kVectorTime, kVectorNonce};
  const auto req = alibaba_ice::build_request(o, 1, attempt);
  std::set<std::string> names;
  for (const auto& [k, v] : req.headers) names.insert(k);
  const std::set<std::string> expected{"Host",
                                       "x-acs-action",
                                       "x-acs-version",
                                       "x-acs-date",
                                       "x-acs-signature-nonce",
                                       "x-acs-security-token",
                                       "x-acs-content-sha256",
                                       "accept",
                                       "Authorization"};
  EXPECT_EQ(names, expected);
  EXPECT_EQ(header_count(req, "x-acs-credentials-provider"), 0);
  EXPECT_EQ(header_count(req, "content-type"), 0);
  // The secret itself never travels.
  for (const auto& [k, v] : req.headers) EXPECT_EQ(v.find("ExampleAccessKeySecret"), std::string::npos) << k;
  EXPECT_EQ(req.target.find("ExampleAccessKeySecret"), std::string::npos);
}

}  // namespace
