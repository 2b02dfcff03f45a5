// The verifiers rebuild the canonical request from what arrived: requests signed by our own
// signers and by the official SDKs (the KAT vectors) verify; each kind of tampering gets the
// code the cloud would answer with.

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <gtest/gtest.h>

#include "adapters/alibaba_aicontent/request.hpp"
#include "adapters/alibaba_ice/request.hpp"
#include "adapters/common/signing/crypto.hpp"
#include "adapters/emulator/verify_acs3.hpp"
#include "adapters/emulator/verify_tc3.hpp"
#include "adapters/tencent_live/request.hpp"
#include "tests/support/test_data.hpp"
#include "tests/unit/adapters/emulator/requests.hpp"

namespace qg::emulator {
namespace {

using namespace testing;

std::string tc3(const WireRequest& w, std::int64_t now = kNow, std::string_view service = "live") {
  Tc3Verified out;
  auto f = verify_tc3(w, {kTencent}, now, service, out);
  if (f) return f->code;
  EXPECT_EQ(out.secret_id, kTencent.id);
  return "ok";
}

std::string acs3(const WireRequest& w, std::int64_t now = kNow) {
  Acs3Verified out;
  auto f = verify_acs3(w, {kAlibaba}, now, out);
  return f ? f->code + "/" + std::to_string(f->http_status) : "ok";
}

TEST(VerifyTc3, AcceptsOurSignerAndRejectsEachTampering) {
  EXPECT_EQ(tc3(tencent_body(R"({"PackageType":0})")), "ok");
  Tc3Options wrong_key;
  wrong_key.credential.secret = "wrong";
  EXPECT_EQ(tc3(tc3_request(wrong_key)), "AuthFailure.SignatureFailure");
  EXPECT_EQ(tc3(tencent_body("{}"), kNow + 299), "ok");
  EXPECT_EQ(tc3(tencent_body("{}"), kNow + 301), "AuthFailure.SignatureExpire");
  EXPECT_EQ(tc3(tencent_body("{}"), kNow - 301), "AuthFailure.SignatureExpire");

  auto body = tencent_body(R"({"PackageType":0})");
  body.body = R"({"PackageType":1})";
  EXPECT_EQ(tc3(body), "AuthFailure.SignatureFailure");
  auto host = tencent_body("{}");
  set_header(host, "Host", "127.0.0.1:9001");  // verified against the Host as sent
  EXPECT_EQ(tc3(host), "AuthFailure.SignatureFailure");
  auto content_type = tencent_body("{}");
  set_header(content_type, "Content-Type", "application/json; charset=utf-8");
  EXPECT_EQ(tc3(content_type), "AuthFailure.SignatureFailure");
  Tc3Options other;
  other.credential = {"AKIDnope", kTencent.secret};
  EXPECT_EQ(tc3(tc3_request(other)), "AuthFailure.SecretIdNotFound");
  auto garbage = tencent_body("{}");
  set_header(garbage, "Authorization", "Basic abc");
  EXPECT_EQ(tc3(garbage), "AuthFailure.InvalidAuthorization");
  auto no_timestamp = tencent_body("{}");
  no_timestamp.headers.erase(no_timestamp.headers.begin() + 4);
  EXPECT_EQ(tc3(no_timestamp), "MissingParameter");
}

TEST(VerifyTc3, ScopeMustNameLiveAndTheUtcDateButNotTheHostLabel) {
  Tc3Options o;
  o.host = "127.0.0.1:8080";  // first label "127": still fine, the scope says live
  EXPECT_EQ(tc3(tc3_request(o)), "ok");
  o.service = "127";          // what the Node SDK signs when its endpoint is an IP
  EXPECT_EQ(tc3(tc3_request(o)), "AuthFailure.SignatureFailure");
  // 16:00 UTC is already the next day in Beijing; the scope must carry the UTC date.
  Tc3Options late;
  late.timestamp = 1551113065;  // 2019-02-25T16:44:25Z
  auto w = tc3_request(late);
  EXPECT_EQ(tc3(w, late.timestamp), "ok");
  auto auth = std::string(w.header("Authorization"));
  auth.replace(auth.find("2019-02-25"), 10, "2019-02-26");
  set_header(w, "Authorization", auth);
  EXPECT_EQ(tc3(w, late.timestamp), "AuthFailure.SignatureFailure");
}

TEST(VerifyTc3, AnySignedHeaderSetWithContentTypeAndHostGetFormAndUnsignedPayload) {
  Tc3Options extra;
  extra.extra_signed = {{"X-TC-Action", "DescribeLivePackageInfo"}};
  EXPECT_EQ(tc3(tc3_request(extra)), "ok");
  Tc3Options get;
  get.method = "GET";
  get.body.clear();
  get.query = "PackageType=2&OrderBy=BuyTimeDesc&PageNum=1&PageSize=100";  // as sent, unsorted
  get.content_type = "application/x-www-form-urlencoded";
  EXPECT_EQ(tc3(tc3_request(get)), "ok");
  auto reordered = tc3_request(get);
  reordered.query = "OrderBy=BuyTimeDesc&PackageType=2&PageNum=1&PageSize=100";
  EXPECT_EQ(tc3(reordered), "AuthFailure.SignatureFailure");

  auto no_host = tencent_body("{}");
  auto auth = std::string(no_host.header("Authorization"));
  auth.replace(auth.find("content-type;host"), 17, "content-type");
  set_header(no_host, "Authorization", auth);
  EXPECT_EQ(tc3(no_host), "AuthFailure.SignatureFailure");
}

TEST(VerifyTc3, AcceptsTheOfficialSdkAndDocumentationVectors) {
  const auto all = boost::json::parse(test::read_test_data("vectors/kat.json")).as_array();
  int checked = 0;
  for (const auto& v : all) {
    if (v.at("scheme").as_string() != "TC3-HMAC-SHA256") continue;
    const auto& in = v.at("inputs").as_object();
    WireRequest w;
    w.method = std::string(in.at("method").as_string());
    std::string host;
    if (in.contains("url")) {  // the SDK captures
      auto url = boost::urls::parse_uri(in.at("url").as_string()).value();
      host = std::string(url.encoded_host());
      w.target = std::string(url.encoded_resource());
      w.body = std::string(in.at("body").as_string());
    } else {  // the documentation examples (service cvm, some sign x-tc-action too)
      host = std::string(in.at("host").as_string());
      w.target = std::string(in.at("path").as_string());
      w.body = std::string(in.at("payload").as_string());
      if (const auto* extra = in.at("extraSignedHeaders").if_object()) {
        for (const auto& [k, val] : *extra) w.headers.emplace_back(std::string(k), std::string(val.as_string()));
      }
    }
    split_target(w);
    const auto ts = in.at("timestamp").as_int64();
    w.headers.emplace_back("Host", host);
    w.headers.emplace_back("Content-Type", std::string(in.at("contentType").as_string()));
    w.headers.emplace_back("X-TC-Timestamp", std::to_string(ts));
    w.headers.emplace_back("Authorization", std::string(v.at("expect").at("authorization").as_string()));
    const Credential cred{std::string(in.at("secretId").as_string()), std::string(in.at("secretKey").as_string())};
    Tc3Verified out;
    const auto f = verify_tc3(w, {cred}, ts, std::string(in.at("service").as_string()), out);
    EXPECT_FALSE(f) << v.at("id") << ": " << (f ? f->code + " " + f->message : "");
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

TEST(VerifyTc3, TheAdaptersRequestsVerify) {
  tencent_live::TencentLiveOptions o;
  o.endpoint = *adapters::parse_endpoint("http://127.0.0.1:9000");
  o.secret_id = adapters::Secret(kTencent.id);
  o.secret_key = adapters::Secret(kTencent.secret);
  o.session_token = adapters::Secret("temporary-token");  // X-TC-Token is not signed
  EXPECT_EQ(tc3(from_http(tencent_live::build_request(o, 1, 2, {kNow, ""}))), "ok");
}

TEST(VerifyAcs3, AcceptsOurSignerAndRejectsEachTampering) {
  const signing::NameValues q{{"NeedTotalCount", "true"}, {"PageNo", "1"}, {"PageSize", "50"}};
  EXPECT_EQ(acs3(ice_request(q)), "ok");
  Acs3Options wrong;
  wrong.credential.secret = "wrong";
  EXPECT_EQ(acs3(acs3_request(wrong)), "SignatureDoesNotMatch/400");
  Acs3Options unknown;
  unknown.credential.id = "LTAInope";
  EXPECT_EQ(acs3(acs3_request(unknown)), "InvalidAccessKeyId.NotFound/404");
  EXPECT_EQ(acs3(ice_request(q), kNow + 15 * 60), "ok");
  EXPECT_EQ(acs3(ice_request(q), kNow + 15 * 60 + 1), "InvalidTimeStamp.Expired/400");
  EXPECT_EQ(acs3(ice_request(q), kNow - 15 * 60 - 1), "InvalidTimeStamp.Expired/400");

  auto extra = ice_request(q);
  extra.headers.emplace_back("x-acs-extra", "unsigned");
  EXPECT_EQ(acs3(extra), "IncompleteSignature/400");
  auto ctype = ice_request(q);
  ctype.headers.emplace_back("Content-Type", "application/json");
  EXPECT_EQ(acs3(ctype), "IncompleteSignature/400");
  auto body = ice_request(q);
  body.body = "PageNo=9";
  EXPECT_EQ(acs3(body), "SignatureDoesNotMatch/400");
  auto query = ice_request(q);
  query.query = "NeedTotalCount=true&PageNo=2&PageSize=50";
  EXPECT_EQ(acs3(query), "SignatureDoesNotMatch/400");
  auto no_nonce = ice_request(q);
  std::erase_if(no_nonce.headers, [](const auto& h) { return h.first == "x-acs-signature-nonce"; });
  EXPECT_EQ(acs3(no_nonce), "MissingSignatureNonce/400");
  auto garbage = ice_request(q);
  set_header(garbage, "Authorization", "ACS3-HMAC-SHA256 Credential=LTAItest");
  EXPECT_EQ(acs3(garbage), "IncompleteSignature/400");
}

TEST(VerifyAcs3, SignedBodiesStsTokensAndLooseWireEscaping) {
  Acs3Options form;
  form.body = "PageNo=2&PageSize=10";
  form.content_type = "application/x-www-form-urlencoded";
  EXPECT_EQ(acs3(acs3_request(form)), "ok");
  Acs3Options sts;
  sts.extra_headers = {{"x-acs-security-token", "CAIS.token+/=="}, {"x-acs-accesskey-id", kAlibaba.id}};
  EXPECT_EQ(acs3(acs3_request(sts)), "ok");

  // The canonical query is re-derived from decoded values: '*' may travel raw (Node's
  // querystring), a space as '+'; both verify against the RFC 3986 form that was signed.
  auto loose = aicontent_request({{"nextToken", "AAAA/bb+cc==~*"}, {"resourceType", "A B"}, {"maxResults", "20"}});
  EXPECT_EQ(acs3(loose), "ok");
  loose.query = "maxResults=20&nextToken=AAAA%2Fbb%2Bcc%3D%3D~*&resourceType=A+B";
  EXPECT_EQ(acs3(loose), "ok");
  loose.query = "maxResults=20&nextToken=AAAA/bb+cc==~*&resourceType=A+B";  // '+' unescaped is a space
  EXPECT_EQ(acs3(loose), "SignatureDoesNotMatch/400");
}

TEST(VerifyAcs3, TheAdaptersRequestsVerify) {
  alibaba_ice::IceOptions ice;
  ice.endpoint = *adapters::parse_endpoint("http://127.0.0.1:9000");
  ice.access_key_id = kAlibaba.id;
  ice.access_key_secret = adapters::Secret(kAlibaba.secret);
  EXPECT_EQ(acs3(from_http(alibaba_ice::build_request(ice, 2, {kNow, "n1"}))), "ok");
  alibaba_aicontent::AicontentOptions aic;
  aic.endpoint = ice.endpoint;
  aic.access_key_id = kAlibaba.id;
  aic.access_key_secret = adapters::Secret(kAlibaba.secret);
  aic.security_token = adapters::Secret("sts-token");
  EXPECT_EQ(acs3(from_http(alibaba_aicontent::build_cursor_request(aic, std::string("++//AAAAFHg="), {kNow, "n2"}))),
            "ok");
  EXPECT_EQ(acs3(from_http(alibaba_aicontent::build_index_request(aic, 3, {kNow, "n3"}))), "ok");
}

TEST(VerifyAcs3, AcceptsTheOfficialSdkVectors) {
  const auto all = boost::json::parse(test::read_test_data("vectors/kat.json")).as_array();
  int checked = 0;
  for (const auto& v : all) {
    if (v.at("scheme").as_string() != "ACS3-HMAC-SHA256") continue;
    const auto& in = v.at("inputs").as_object();
    WireRequest w;
    w.method = std::string(in.at("method").as_string());
    std::string query;
    for (const auto& [k, val] : in.at("query").as_object()) {
      query += (query.empty() ? "" : "&") + signing::rfc3986_encode(k) + "=" + signing::rfc3986_encode(val.as_string());
    }
    w.target = std::string(in.at("pathname").as_string()) + (query.empty() ? "" : "?" + query);
    split_target(w);
    for (const auto& [k, val] : in.at("headers").as_object()) w.headers.emplace_back(std::string(k), std::string(val.as_string()));
    // The documentation example leaves x-acs-content-sha256 out of its input list but signs it.
    if (!w.has_header("x-acs-content-sha256")) w.headers.emplace_back("x-acs-content-sha256", std::string(signing::kEmptySha256Hex));
    w.headers.emplace_back("Authorization", std::string(v.at("expect").at("authorization").as_string()));
    const auto now = *adapters::parse_rfc3339(in.at("headers").at("x-acs-date").as_string());
    const Credential cred{std::string(in.at("accessKeyId").as_string()), std::string(in.at("accessKeySecret").as_string())};
    Acs3Verified out;
    const auto f = verify_acs3(w, {cred}, now, out);
    EXPECT_FALSE(f) << v.at("id") << ": " << (f ? f->code + " " + f->message : "");
    EXPECT_EQ(out.nonce, std::string(in.at("headers").at("x-acs-signature-nonce").as_string()));
    ++checked;
  }
  EXPECT_EQ(checked, 7);
}

}  // namespace
}  // namespace qg::emulator
