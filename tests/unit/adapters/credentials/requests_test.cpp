// The metadata and STS requests as values: method, target, headers and body exactly as sent.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "adapters/credentials/requests.hpp"

namespace {

using namespace qg::credentials;
using qg::adapters::HttpRequest;

constexpr std::int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z

std::string header(const HttpRequest& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (qg::adapters::iequals(k, name)) return v;
  }
  return "<absent>";
}

TEST(CredentialRequests, ProductionEndpointsAreTheDocumentedHosts) {
  EXPECT_EQ(ecs_metadata_endpoint().origin(), "http://100.100.100.200");
  EXPECT_EQ(cvm_metadata_endpoint().origin(), "http://metadata.tencentyun.com");
  EXPECT_EQ(alibaba_sts_endpoint().origin(), "https://sts.aliyuncs.com");
  EXPECT_EQ(alibaba_sts_endpoint("cn-hangzhou").origin(), "https://sts.cn-hangzhou.aliyuncs.com");
  EXPECT_EQ(alibaba_sts_endpoint("cn-hangzhou", true).origin(), "https://sts-vpc.cn-hangzhou.aliyuncs.com");
  EXPECT_EQ(tencent_sts_endpoint().origin(), "https://sts.tencentcloudapi.com");
}

TEST(CredentialRequests, EcsSessionTokenIsAPutWithItsLifetimeHeader) {
  const auto r = ecs_token_request(21600);
  EXPECT_EQ(r.method, "PUT");
  EXPECT_EQ(r.target, "/latest/api/token");
  EXPECT_EQ(header(r, "X-aliyun-ecs-metadata-token-ttl-seconds"), "21600");
  EXPECT_TRUE(r.body.empty());
}

TEST(CredentialRequests, EcsRoleRequestsCarryTheSessionToken) {
  const auto list = ecs_role_list_request("tok");
  EXPECT_EQ(list.method, "GET");
  EXPECT_EQ(list.target, "/latest/meta-data/ram/security-credentials/");
  EXPECT_EQ(header(list, "X-aliyun-ecs-metadata-token"), "tok");
  const auto role = ecs_role_credentials_request("EcsRamRoleDocumentTesting", "tok");
  EXPECT_EQ(role.target, "/latest/meta-data/ram/security-credentials/EcsRamRoleDocumentTesting");
  EXPECT_EQ(header(role, "X-aliyun-ecs-metadata-token"), "tok");
}

TEST(CredentialRequests, EcsRoleRequestsWithoutASessionTokenAreIMDSv1) {
  EXPECT_EQ(header(ecs_role_credentials_request("r", ""), "X-aliyun-ecs-metadata-token"), "<absent>");
}

TEST(CredentialRequests, CvmRoleRequestsUseTheCamPath) {
  EXPECT_EQ(cvm_role_list_request().target, "/latest/meta-data/cam/security-credentials/");
  const auto r = cvm_role_credentials_request("CVM_QcsRole");
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.target, "/latest/meta-data/cam/security-credentials/CVM_QcsRole");
  EXPECT_TRUE(r.headers.empty());
}

RrsaSpec rrsa() {
  RrsaSpec s;
  s.role_arn = "acs:ram::113511544585:role/testoidc";
  s.oidc_provider_arn = "acs:ram::113511544585:oidc-provider/ack-rrsa-c123";
  s.token_file = "/var/run/secrets/ack.alibabacloud.com/rrsa-tokens/token";
  return s;
}

TEST(CredentialRequests, AssumeRoleWithOidcPutsTheCommonParametersInTheQuery) {
  const auto r = assume_role_with_oidc_request(rrsa(), "eyJ.a+b/c=", kNow);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target,
            "/?Action=AssumeRoleWithOIDC&Format=JSON&Version=2015-04-01&Timestamp=2026-01-01T00%3A00%3A00Z");
  EXPECT_EQ(header(r, "Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(header(r, "Authorization"), "<absent>");  // anonymous: the OIDC token is the proof
}

TEST(CredentialRequests, AssumeRoleWithOidcSendsTheTokenAndRoleAsAnEncodedForm) {
  const auto r = assume_role_with_oidc_request(rrsa(), "eyJ.a+b/c=", kNow);
  EXPECT_EQ(r.body,
            "DurationSeconds=3600"
            "&OIDCProviderArn=acs%3Aram%3A%3A113511544585%3Aoidc-provider%2Fack-rrsa-c123"
            "&OIDCToken=eyJ.a%2Bb%2Fc%3D"
            "&RoleArn=acs%3Aram%3A%3A113511544585%3Arole%2Ftestoidc"
            "&RoleSessionName=quota-gateway-1767225600");
}

TEST(CredentialRequests, AssumeRoleWithOidcSendsPolicyAndSessionNameWhenGiven) {
  auto spec = rrsa();
  spec.policy = R"({"Version":"1"})";
  spec.session_name = "gw-1";
  spec.duration_seconds = 900;
  const auto r = assume_role_with_oidc_request(spec, "t", kNow);
  EXPECT_NE(r.body.find("&Policy=%7B%22Version%22%3A%221%22%7D&"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("RoleSessionName=gw-1"), std::string::npos);
  EXPECT_NE(r.body.find("DurationSeconds=900"), std::string::npos);
}

TkeSpec tke() {
  TkeSpec s;
  s.region = "ap-guangzhou";
  s.provider_id = "tke-oidc-provider";
  s.role_arn = "qcs::cam::uin/100000000001:roleName/tke-pod-role";
  return s;
}

TEST(CredentialRequests, AssumeRoleWithWebIdentityIsAnUnsignedApi3Post) {
  const auto r = assume_role_with_web_identity_request(tke(), "eyJ.jwt", kNow);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/");
  EXPECT_EQ(header(r, "Content-Type"), "application/json");
  EXPECT_EQ(header(r, "X-TC-Action"), "AssumeRoleWithWebIdentity");
  EXPECT_EQ(header(r, "X-TC-Version"), "2018-08-13");
  EXPECT_EQ(header(r, "X-TC-Region"), "ap-guangzhou");
  EXPECT_EQ(header(r, "X-TC-Timestamp"), "1767225600");
  EXPECT_EQ(header(r, "Authorization"), "SKIP");
  EXPECT_EQ(header(r, "X-TC-Token"), "<absent>");
}

TEST(CredentialRequests, AssumeRoleWithWebIdentityBodyNamesProviderTokenRoleAndSession) {
  const auto body = boost::json::parse(assume_role_with_web_identity_request(tke(), "eyJ.jwt", kNow).body);
  EXPECT_EQ(body, boost::json::parse(R"({"ProviderId":"tke-oidc-provider","WebIdentityToken":"eyJ.jwt",
      "RoleArn":"qcs::cam::uin/100000000001:roleName/tke-pod-role",
      "RoleSessionName":"quota-gateway-1767225600","DurationSeconds":7200})"));
}

}  // namespace
