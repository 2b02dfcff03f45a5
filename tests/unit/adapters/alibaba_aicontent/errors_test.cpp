// AIContent answers (providers.md §3.6, §9.2): the gateway's POP envelope (Code/Message/RequestId)
// and the application's (success:false, errCode, errMessage, httpStatusCode), on 2xx too.

#include <chrono>

#include <gtest/gtest.h>

#include "adapters/alibaba_aicontent/errors.hpp"
#include "tests/support/test_data.hpp"

namespace {

using namespace qg;
using namespace std::chrono_literals;
using adapters::ErrorKind;

adapters::HttpResponse response(unsigned status, std::string body, adapters::HeaderList headers = {}) {
  adapters::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

adapters::HttpResponse fixture(unsigned status, std::string_view name, adapters::HeaderList headers = {}) {
  return response(status, test::read_test_data("fixtures/alibaba_aicontent/" + std::string(name)),
                  std::move(headers));
}

TEST(AlibabaAicontentErrors, SignatureMismatchIsAuthAndFinal) {
  auto r = alibaba_aicontent::decode_response(fixture(400, "error_signature.json"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kAuth);
  EXPECT_FALSE(r.error().retryable());
  EXPECT_EQ(r.error().code, "SignatureDoesNotMatch");
  EXPECT_EQ(r.error().message, "Specified signature is not matched with our calculation.");
  EXPECT_EQ(r.error().request_id, "5C2D3E4F-0000-4000-8000-000000000400");
  EXPECT_EQ(r.error().http_status, 400);
  EXPECT_FALSE(r.error().retry_after);
}

TEST(AlibabaAicontentErrors, UnknownAccessKeyIsAuth) {
  auto r = alibaba_aicontent::decode_response(fixture(404, "error_access_key_not_found.json"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kAuth);
  EXPECT_FALSE(r.error().retryable());
  EXPECT_EQ(r.error().code, "InvalidAccessKeyId.NotFound");
  EXPECT_EQ(r.error().request_id, "5C2D3E4F-0000-4000-8000-000000000404");
  EXPECT_EQ(r.error().http_status, 404);
}

TEST(AlibabaAicontentErrors, UserThrottlingIsRetryable) {
  auto r = alibaba_aicontent::decode_response(fixture(429, "error_throttling_user.json"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kThrottled);
  EXPECT_TRUE(r.error().retryable());
  EXPECT_EQ(r.error().code, "Throttling.User");
  EXPECT_EQ(r.error().request_id, "5C2D3E4F-0000-4000-8000-000000000429");
  EXPECT_EQ(r.error().http_status, 429);
  EXPECT_FALSE(r.error().retry_after);
}

TEST(AlibabaAicontentErrors, ThrottlingHintIsTheLongerTimeLeftOfBothHeaders) {
  auto api = alibaba_aicontent::decode_response(
      fixture(429, "error_throttling_user.json",
              {{"x-ratelimit-user-api", "Limit:1,Remain:0,TimeLeft:2000,Reset:1234"}}));
  ASSERT_FALSE(api);
  EXPECT_EQ(api.error().retry_after, std::chrono::milliseconds(2000));
  auto both = alibaba_aicontent::decode_response(
      fixture(429, "error_throttling_user.json",
              {{"x-ratelimit-user-api", "Limit:1,Remain:0,TimeLeft:2000,Reset:1234"},
               {"x-ratelimit-user", "Limit:9,Remain:0,TimeLeft:3000,Reset:1"}}));
  ASSERT_FALSE(both);
  EXPECT_EQ(both.error().retry_after, 3000ms);
  auto smaller_user = alibaba_aicontent::decode_response(
      fixture(429, "error_throttling_user.json",
              {{"x-ratelimit-user-api", "Limit:1,Remain:0,TimeLeft:2000,Reset:1234"},
               {"x-ratelimit-user", "Limit:9,Remain:0,TimeLeft:5,Reset:1"}}));
  ASSERT_FALSE(smaller_user);
  EXPECT_EQ(smaller_user.error().retry_after, 2000ms);
}

TEST(AlibabaAicontentErrors, ServiceUnavailableIsTransient) {
  auto r = alibaba_aicontent::decode_response(fixture(503, "error_service_unavailable.json"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kTransient);
  EXPECT_TRUE(r.error().retryable());
  EXPECT_EQ(r.error().code, "ServiceUnavailable");
  EXPECT_EQ(r.error().request_id, "5C2D3E4F-0000-4000-8000-000000000503");
  EXPECT_EQ(r.error().http_status, 503);
}

TEST(AlibabaAicontentErrors, ApplicationErrorOnHttp200TakesItsStatusFromTheBody) {
  auto r = alibaba_aicontent::decode_response(fixture(200, "error_app_unknown.json"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kTransient);
  EXPECT_TRUE(r.error().retryable());
  EXPECT_EQ(r.error().code, "Server.Internal.UnknownError");  // errCode, which the SDK misses
  EXPECT_EQ(r.error().message, "未知错误");
  EXPECT_EQ(r.error().request_id, "9A8B7C6D-0000-4000-8000-000000000500");
  EXPECT_EQ(r.error().http_status, 500);

  // The same envelope on a real HTTP 500 reads the same.
  auto on500 = alibaba_aicontent::decode_response(fixture(500, "error_app_unknown.json"));
  ASSERT_FALSE(on500);
  EXPECT_EQ(on500.error().kind, ErrorKind::kTransient);
  EXPECT_EQ(on500.error().code, "Server.Internal.UnknownError");
  EXPECT_EQ(on500.error().http_status, 500);

  auto invalid = alibaba_aicontent::decode_response(fixture(200, "error_app_invalid_parameter.json"));
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().kind, ErrorKind::kInvalidRequest);
  EXPECT_FALSE(invalid.error().retryable());
  EXPECT_EQ(invalid.error().code, "InvalidParameter");
  EXPECT_EQ(invalid.error().http_status, 400);
  EXPECT_EQ(invalid.error().request_id, "9A8B7C6D-0000-4000-8000-000000000400");

  // success:false with an echoed 200 and no code stays HTTP 200 and a permanent error.
  auto bare = alibaba_aicontent::decode_response(
      response(200, R"({"success":false,"httpStatusCode":200})", {{"x-acs-request-id", "HDR-APP"}}));
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().http_status, 200);
  EXPECT_EQ(bare.error().kind, ErrorKind::kPermanent);
  EXPECT_EQ(bare.error().request_id, "HDR-APP");

  // The lower-case POP spelling (code/message/requestId) is read too.
  auto lower = alibaba_aicontent::decode_response(
      response(400, R"({"code":"MissingParameter","message":"m","requestId":"low"})"));
  ASSERT_FALSE(lower);
  EXPECT_EQ(lower.error().code, "MissingParameter");
  EXPECT_EQ(lower.error().kind, ErrorKind::kInvalidRequest);
  EXPECT_EQ(lower.error().request_id, "low");
}

TEST(AlibabaAicontentErrors, RequestIdFallsBackToTheHeader) {
  auto r = alibaba_aicontent::decode_response(response(503, R"({"Code":"ServiceUnavailable","Message":"m"})",
                                                       {{"x-acs-request-id", "HDR-REQ-0002"}}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().request_id, "HDR-REQ-0002");
  auto body_wins = alibaba_aicontent::decode_response(
      fixture(200, "error_app_unknown.json", {{"x-acs-request-id", "HDR-REQ-0002"}}));
  ASSERT_FALSE(body_wins);
  EXPECT_EQ(body_wins.error().request_id, "9A8B7C6D-0000-4000-8000-000000000500");
}

TEST(AlibabaAicontentErrors, TruncatedBodyIsABadResponse) {
  auto r =
      alibaba_aicontent::decode_response(fixture(200, "truncated.json", {{"x-acs-request-id", "HDR-TRUNC"}}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kBadResponse);
  EXPECT_EQ(r.error().http_status, 200);
  EXPECT_EQ(r.error().request_id, "HDR-TRUNC");
  EXPECT_FALSE(alibaba_aicontent::decode_response(response(200, "")));
  EXPECT_FALSE(alibaba_aicontent::decode_response(response(200, R"(["data"])")));
}

TEST(AlibabaAicontentErrors, HtmlBadGatewayIsTransient) {
  auto r = alibaba_aicontent::decode_response(fixture(502, "bad_gateway_502.json"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kTransient);
  EXPECT_TRUE(r.error().retryable());
  EXPECT_EQ(r.error().code, "");
  EXPECT_EQ(r.error().http_status, 502);
  auto on200 = alibaba_aicontent::decode_response(fixture(200, "bad_gateway_502.json"));
  ASSERT_FALSE(on200);
  EXPECT_EQ(on200.error().kind, ErrorKind::kBadResponse);
}

TEST(AlibabaAicontentErrors, DocExampleIsASuccessDespiteItsErrCodeField) {
  // The doc sample carries errCode UNKNOWN_ERROR next to success:true: success wins.
  auto r = alibaba_aicontent::decode_response(fixture(200, "doc_example.json"));
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->is_object());
  EXPECT_EQ(r->as_object().at("totalCount").as_int64(), 100);
  EXPECT_EQ(r->as_object().at("data").as_array().size(), 1u);
  EXPECT_TRUE(alibaba_aicontent::decode_response(response(200, R"({"data":[]})")));
}

TEST(AlibabaAicontentErrors, DocumentedUnknownErrorInThePopEnvelopeIsTransient) {
  // The doc's error table: HTTP 500 Server.Internal.UnknownError, here from the gateway.
  auto r = alibaba_aicontent::decode_response(response(
      500,
      R"({"RequestId":"UE","HostId":"aicontent.aliyuncs.com","Code":"Server.Internal.UnknownError","Message":"The request processing has failed due to some unknown error."})"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kTransient);
  EXPECT_EQ(r.error().code, "Server.Internal.UnknownError");
  EXPECT_EQ(r.error().http_status, 500);
  EXPECT_EQ(r.error().request_id, "UE");
}

TEST(AlibabaAicontentErrors, ThrottlingInTheApplicationEnvelopeTakesTheHeaderHint) {
  auto r = alibaba_aicontent::decode_response(
      response(200, R"({"success":false,"errCode":"Throttling.User","errMessage":"m","httpStatusCode":429})",
               {{"x-ratelimit-user", "Limit:2,Remain:0,TimeLeft:1200,Reset:9"}}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kThrottled);
  EXPECT_EQ(r.error().http_status, 429);
  EXPECT_EQ(r.error().retry_after, 1200ms);
}

TEST(AlibabaAicontentErrors, TheTransportStatusWinsExceptForAnApplicationErrorOn2xx) {
  // An error status from the transport is kept whatever the body echoes.
  auto r = alibaba_aicontent::decode_response(
      response(502, R"({"success":false,"errCode":"InvalidParameter","httpStatusCode":400})"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().http_status, 502);
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidRequest);  // the code decides the kind
  // An echo that is not an error status is not believed.
  for (const char* echo : {"200", "0", "999", "\"500\""}) {
    auto odd = alibaba_aicontent::decode_response(
        response(200, std::string(R"({"success":false,"errCode":"X","httpStatusCode":)") + echo + "}"));
    ASSERT_FALSE(odd) << echo;
    EXPECT_EQ(odd.error().http_status, std::string(echo) == "\"500\"" ? 500 : 200) << echo;
  }
}

TEST(AlibabaAicontentErrors, UnreadableBodiesNeverCrash) {
  EXPECT_EQ(alibaba_aicontent::decode_response(response(200, "null")).error().kind, ErrorKind::kBadResponse);
  EXPECT_EQ(alibaba_aicontent::decode_response(response(200, "{\"data\":[")).error().kind,
            ErrorKind::kBadResponse);
  EXPECT_EQ(alibaba_aicontent::decode_response(response(429, "")).error().kind, ErrorKind::kThrottled);
  EXPECT_EQ(alibaba_aicontent::decode_response(response(504, "upstream timed out")).error().kind,
            ErrorKind::kTransient);
  // A JSON string, number or array body on success is not a listing.
  for (const char* body : {"\"ok\"", "42", "[]", "true"}) {
    auto r = alibaba_aicontent::decode_response(response(200, body));
    ASSERT_FALSE(r) << body;
    EXPECT_EQ(r.error().kind, ErrorKind::kBadResponse) << body;
  }
}

}  // namespace
