// The metadata services' and STS answers, as the public docs and SDK tests show them, read into
// credentials or classified errors.

#include <gtest/gtest.h>

#include "adapters/credentials/responses.hpp"

namespace {

using namespace qg::credentials;
using qg::adapters::ErrorKind;
using qg::adapters::HttpResponse;

HttpResponse reply(unsigned status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// The shape of the ECS documentation's example, with a current expiry.
constexpr std::string_view kEcsCredentials = R"({
  "AccessKeyId" : "STS.NTdivWd4drUxehU3HuLRHGXbC",
  "AccessKeySecret" : "ZvpNNRVQNspQNTytiR5TdBm4pH74PXhTUy52x9HFSix",
  "Expiration" : "2026-01-01T06:00:00Z",
  "SecurityToken" : "CAISngJ1q6Ft5B2yfSjIr5bkLd3",
  "LastUpdated" : "2026-01-01T00:00:00Z",
  "Code" : "Success"
})";

TEST(MetadataResponses, EcsRoleCredentialsAreReadWithTheirExpiry) {
  const auto c =
      read_ecs_role_credentials(reply(200, std::string(kEcsCredentials)), "EcsRamRoleDocumentTesting");
  ASSERT_TRUE(c) << describe(c.error());
  EXPECT_EQ(c->id.reveal(), "STS.NTdivWd4drUxehU3HuLRHGXbC");
  EXPECT_EQ(c->secret.reveal(), "ZvpNNRVQNspQNTytiR5TdBm4pH74PXhTUy52x9HFSix");
  EXPECT_EQ(c->token.reveal(), "CAISngJ1q6Ft5B2yfSjIr5bkLd3");
  EXPECT_EQ(c->expires_at, 1767247200);
  EXPECT_EQ(c->source, "ecs-ram-role:EcsRamRoleDocumentTesting");
}

TEST(MetadataResponses, DetachedEcsRoleIsAnAuthError) {
  const auto c = read_ecs_role_credentials(reply(404, "Not Found"), "gone");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().kind, ErrorKind::kAuth);
  EXPECT_EQ(c.error().http_status, 404);
}

TEST(MetadataResponses, CodeOtherThanSuccessIsAnAuthError) {
  const auto c = read_ecs_role_credentials(reply(200, R"({"Code":"Failed"})"), "r");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().kind, ErrorKind::kAuth);
  EXPECT_EQ(c.error().code, "Failed");
}

TEST(MetadataResponses, MetadataServerErrorsAreTransient) {
  EXPECT_EQ(read_ecs_role_credentials(reply(500, ""), "r").error().kind, ErrorKind::kTransient);
  EXPECT_EQ(read_cvm_role_credentials(reply(503, ""), "r").error().kind, ErrorKind::kTransient);
  EXPECT_EQ(read_cvm_role_credentials(reply(429, ""), "r").error().kind, ErrorKind::kThrottled);
}

TEST(MetadataResponses, IncompleteOrUnreadableCredentialsAreBadResponses) {
  EXPECT_EQ(read_ecs_role_credentials(reply(200, "<html>"), "r").error().kind, ErrorKind::kBadResponse);
  const auto no_token = read_ecs_role_credentials(
      reply(200, R"({"AccessKeyId":"a","AccessKeySecret":"b","Expiration":"2026-01-01T06:00:00Z"})"), "r");
  ASSERT_FALSE(no_token);
  EXPECT_EQ(no_token.error().kind, ErrorKind::kBadResponse);
  EXPECT_NE(no_token.error().message.find("SecurityToken"), std::string::npos);
  const auto no_expiry = read_ecs_role_credentials(
      reply(200, R"({"AccessKeyId":"a","AccessKeySecret":"b","SecurityToken":"c"})"), "r");
  EXPECT_EQ(no_expiry.error().kind, ErrorKind::kBadResponse);
}

TEST(MetadataResponses, CvmRoleCredentialsPreferTheUnixExpiredTime) {
  const auto c = read_cvm_role_credentials(reply(200, R"({
    "TmpSecretId": "AKIDoXyNs8bcmJK9jFwPrsSbBJ4kKVx5hUvx",
    "TmpSecretKey": "Xu0X9QcDHQVvFxMbKfR2jSDqK0LZZyDl",
    "ExpiredTime": 1767229200,
    "Expiration": "2026-01-01T01:00:00Z",
    "Token": "fe3d4bb5c5a42f6ac4a3b4fd2bfa49d16c6a1f9b",
    "Code": "Success"})"),
                                           "CVM_QcsRole");
  ASSERT_TRUE(c) << describe(c.error());
  EXPECT_EQ(c->id.reveal(), "AKIDoXyNs8bcmJK9jFwPrsSbBJ4kKVx5hUvx");
  EXPECT_EQ(c->token.reveal(), "fe3d4bb5c5a42f6ac4a3b4fd2bfa49d16c6a1f9b");
  EXPECT_EQ(c->expires_at, 1767229200);
  EXPECT_EQ(c->source, "cvm-role:CVM_QcsRole");
}

// Issue 24.8: ExpiredTime = INT64_MIN overflowed "expiry - now" into "valid for ever".
TEST(MetadataResponses, AnExpiryOutsideAnyPlausibleTimeIsRefused) {
  for (const char* expired : {"-9223372036854775808", "-1", "9223372036854775807", "253402300800"}) {
    const auto c = read_cvm_role_credentials(
        reply(200, std::string(R"({"TmpSecretId":"a","TmpSecretKey":"b","Token":"c","ExpiredTime":)") + expired + "}"),
        "r");
    ASSERT_FALSE(c) << expired;
    EXPECT_EQ(c.error().kind, ErrorKind::kBadResponse) << expired;
    EXPECT_NE(c.error().message.find("implausible expiry"), std::string::npos) << c.error().message;
  }
}

TEST(MetadataResponses, CvmRoleCredentialsFallBackToTheIsoExpiration) {
  const auto c = read_cvm_role_credentials(
      reply(200,
            R"({"TmpSecretId":"a","TmpSecretKey":"b","Token":"c","Expiration":"2026-01-01T09:00:00+08:00"})"),
      "r");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->expires_at, 1767229200);
}

TEST(MetadataResponses, RoleListingYieldsTheFirstLineTrimmed) {
  EXPECT_EQ(read_role_name(reply(200, "EcsRamRoleDocumentTesting\n"), "ECS metadata").value(),
            "EcsRamRoleDocumentTesting");
  EXPECT_EQ(read_role_name(reply(200, " first\r\nsecond"), "ECS metadata").value(), "first");
}

TEST(MetadataResponses, NoRoleAttachedIsAnAuthError) {
  EXPECT_EQ(read_role_name(reply(404, ""), "CVM metadata").error().kind, ErrorKind::kAuth);
  EXPECT_EQ(read_role_name(reply(200, "\n"), "CVM metadata").error().kind, ErrorKind::kAuth);
}

TEST(MetadataResponses, SessionTokenIsTheWholeBody) {
  EXPECT_EQ(read_metadata_token(reply(200, "AQAEAHm3kQ==")).value(), "AQAEAHm3kQ==");
  EXPECT_EQ(read_metadata_token(reply(403, "")).error().kind, ErrorKind::kAuth);
}

TEST(StsResponses, AssumeRoleWithOidcCredentialsAreRead) {
  const auto c = read_assume_role_with_oidc(reply(200, R"({
    "RequestId": "3D57EAD2-8723-1F26-B69C-F8707D8B565D",
    "OIDCTokenInfo": {"Subject": "system:serviceaccount:gw:quota-gateway", "Issuer": "https://oidc-ack-cn-hangzhou.oss-cn-hangzhou-internal.aliyuncs.com/c123"},
    "AssumedRoleUser": {"AssumedRoleId": "33157794895460****", "Arn": "acs:ram::113511544585****:role/testoidc/TestOidcAssumedRoleSession"},
    "Credentials": {"SecurityToken": "CAIShwJ1q6Ft5B2yfSjIr5bSEsj", "Expiration": "2026-01-01T01:00:00Z",
                    "AccessKeySecret": "CVwjCkNzTMupZ8NbTCxCBRq3K16jtcWFTJAyBEv2****",
                    "AccessKeyId": "STS.NUgYrLnoC37mZZCNnAbez****"}})"));
  ASSERT_TRUE(c) << describe(c.error());
  EXPECT_EQ(c->id.reveal(), "STS.NUgYrLnoC37mZZCNnAbez****");
  EXPECT_EQ(c->token.reveal(), "CAIShwJ1q6Ft5B2yfSjIr5bSEsj");
  EXPECT_EQ(c->expires_at, 1767229200);
  EXPECT_EQ(c->source, "rrsa");
}

TEST(StsResponses, RefusedOidcTokenIsAnAuthErrorWithTheStsCode) {
  const auto c = read_assume_role_with_oidc(reply(
      400, R"({"RequestId":"A1B2","HostId":"sts.aliyuncs.com","Code":"InvalidParameter.OIDCToken.Expired",
                     "Message":"The OIDCToken has expired."})"));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().kind, ErrorKind::kAuth);
  EXPECT_EQ(c.error().code, "InvalidParameter.OIDCToken.Expired");
  EXPECT_EQ(c.error().request_id, "A1B2");
  EXPECT_EQ(c.error().http_status, 400);
}

TEST(StsResponses, AlibabaStsThrottlingAndOutagesStayRetryable) {
  const auto throttled =
      read_assume_role_with_oidc(reply(400, R"({"Code":"Throttling.User","Message":"x"})"));
  EXPECT_EQ(throttled.error().kind, ErrorKind::kThrottled);
  EXPECT_EQ(read_assume_role_with_oidc(reply(503, "<html>busy</html>")).error().kind, ErrorKind::kTransient);
  EXPECT_EQ(read_assume_role_with_oidc(reply(200, R"({"RequestId":"x"})")).error().kind,
            ErrorKind::kBadResponse);
}

TEST(StsResponses, AssumeRoleWithWebIdentityCredentialsAreRead) {
  const auto c = read_assume_role_with_web_identity(reply(200, R"({"Response": {
    "Credentials": {"Token": "da1e9d2ee9dda83506832d5ecb903b790132dfe340",
                    "TmpSecretId": "AKID65zyIP0mpXtaI******WIQVMn1umNH58",
                    "TmpSecretKey": "q95K84wrzuEGoc*******52boxvp71yoh"},
    "ExpiredTime": 1767229200, "Expiration": "2026-01-01T01:00:00Z",
    "RequestId": "4daec797-9cd2-4f09-9e7a-7d4c43b2a74c"}})"));
  ASSERT_TRUE(c) << describe(c.error());
  EXPECT_EQ(c->id.reveal(), "AKID65zyIP0mpXtaI******WIQVMn1umNH58");
  EXPECT_EQ(c->secret.reveal(), "q95K84wrzuEGoc*******52boxvp71yoh");
  EXPECT_EQ(c->token.reveal(), "da1e9d2ee9dda83506832d5ecb903b790132dfe340");
  EXPECT_EQ(c->expires_at, 1767229200);
  EXPECT_EQ(c->source, "tke-oidc");
}

TEST(StsResponses, TencentStsErrorEnvelopeIsClassifiedByCode) {
  const auto refused = read_assume_role_with_web_identity(reply(200, R"({"Response":{"Error":{
      "Code":"InvalidParameter.WebIdentityTokenError","Message":"token expired"},"RequestId":"r-1"}})"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kAuth);
  EXPECT_EQ(refused.error().code, "InvalidParameter.WebIdentityTokenError");
  EXPECT_EQ(refused.error().request_id, "r-1");
  EXPECT_EQ(classify_tencent_sts_code("AuthFailure.SignatureFailure"), ErrorKind::kAuth);
  EXPECT_EQ(classify_tencent_sts_code("InternalError"), ErrorKind::kTransient);
  EXPECT_EQ(classify_tencent_sts_code("InternalError.DbError"), ErrorKind::kTransient);
  EXPECT_EQ(classify_tencent_sts_code("RequestLimitExceeded.UinLimitExceeded"), ErrorKind::kThrottled);
}

TEST(StsResponses, TencentStsOutagesAndGarbageAreRetryable) {
  EXPECT_EQ(read_assume_role_with_web_identity(reply(502, "")).error().kind, ErrorKind::kTransient);
  EXPECT_EQ(read_assume_role_with_web_identity(reply(200, "{}")).error().kind, ErrorKind::kBadResponse);
  EXPECT_EQ(read_assume_role_with_web_identity(reply(200, R"({"Response":{"RequestId":"x"}})")).error().kind,
            ErrorKind::kBadResponse);
}

TEST(StsResponses, ErrorsNeverCarryTheSecret) {
  const auto c = read_assume_role_with_web_identity(reply(
      200, R"({"Response":{"Credentials":{"TmpSecretId":"id","TmpSecretKey":"TOPSECRET","Token":"t"}}})"));
  ASSERT_FALSE(c);  // no expiry
  EXPECT_EQ(describe(c.error()).find("TOPSECRET"), std::string::npos);
}

}  // namespace
