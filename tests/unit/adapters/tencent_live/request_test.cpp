#include <gtest/gtest.h>

#include "adapters/common/signing/tc3.hpp"
#include "adapters/tencent_live/request.hpp"

namespace {

using namespace qg;

tencent_live::TencentLiveOptions options() {
  tencent_live::TencentLiveOptions o;
  o.account = "live-prod";
  o.endpoint = tencent_live::default_endpoint();
  o.secret_id = adapters::Secret("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE");
  o.secret_key = adapters::Secret("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE");
  return o;
}

std::string header(const adapters::HttpRequest& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (adapters::iequals(k, name)) return v;
  }
  return {};
}

TEST(TencentLiveRequest, PostsJsonWithBothPagingParameters) {
  const auto req = tencent_live::build_request(options(), 1, 3, {1551113065, "unused"});
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.target, "/");
  EXPECT_EQ(req.body, R"({"PackageType":1,"PageNum":3,"PageSize":100})");
  EXPECT_EQ(header(req, "X-TC-Action"), "DescribeLivePackageInfo");
  EXPECT_EQ(header(req, "X-TC-Version"), "2018-08-01");
  EXPECT_EQ(header(req, "X-TC-Timestamp"), "1551113065");
  EXPECT_EQ(header(req, "Content-Type"), "application/json");
  EXPECT_EQ(header(req, "Host"), "live.tencentcloudapi.com");
  EXPECT_EQ(header(req, "X-TC-Token"), "");
  EXPECT_EQ(header(req, "X-TC-Region"), "");
}

TEST(TencentLiveRequest, SignatureMatchesTheSdkVectorForTheSameBody) {
  // kat.json live_post_minimal signs {"PackageType":0} at 1551113065 with these keys.
  signing::Tc3Request r;
  r.host = "live.tencentcloudapi.com";
  r.content_type = "application/json";
  r.payload = R"({"PackageType":0})";
  r.timestamp = 1551113065;
  r.service = "live";
  EXPECT_EQ(signing::tc3_sign(r, "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE").signature,
            "3493a8ec27633ccb5b1d32453b2016fffa8320a19808b93a32e36b43a172f9b2");
}

TEST(TencentLiveRequest, SignsServiceLiveAndTheHostAsSentEvenForAnEmulator) {
  auto o = options();
  o.endpoint = *adapters::parse_endpoint("http://127.0.0.1:8091");
  const auto req = tencent_live::build_request(o, 0, 1, {1735689600, ""});
  EXPECT_EQ(header(req, "Host"), "127.0.0.1:8091");
  const auto auth = header(req, "Authorization");
  EXPECT_NE(auth.find("/2025-01-01/live/tc3_request, SignedHeaders=content-type;host, Signature="), std::string::npos)
      << auth;
  signing::Tc3Request r;
  r.host = "127.0.0.1:8091";
  r.content_type = "application/json";
  r.payload = req.body;
  r.timestamp = 1735689600;
  r.service = "live";
  EXPECT_EQ(auth, signing::tc3_sign(r, o.secret_id.reveal(), o.secret_key.reveal()).authorization);
}

TEST(TencentLiveRequest, FreshTimestampChangesTheSignature) {
  const auto a = tencent_live::build_request(options(), 0, 1, {1735689600, ""});
  const auto b = tencent_live::build_request(options(), 0, 1, {1735689601, ""});
  EXPECT_NE(header(a, "Authorization"), header(b, "Authorization"));
}

TEST(TencentLiveRequest, OptionalHeadersForTemporaryCredentialsRegionAndLanguage) {
  auto o = options();
  o.session_token = adapters::Secret("token-123");
  o.region = "ap-guangzhou";
  o.language = "en-US";
  const auto req = tencent_live::build_request(o, 2, 1, {1735689600, ""});
  EXPECT_EQ(header(req, "X-TC-Token"), "token-123");
  EXPECT_EQ(header(req, "X-TC-Region"), "ap-guangzhou");
  EXPECT_EQ(header(req, "X-TC-Language"), "en-US");
  // The SDKs sign only content-type and host; the token travels unsigned.
  EXPECT_NE(header(req, "Authorization").find("SignedHeaders=content-type;host,"), std::string::npos);
}

}  // namespace
