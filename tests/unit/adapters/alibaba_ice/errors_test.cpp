// ICE answers (providers.md §2.6, §9.2): the POP envelope on 4xx/5xx, Success:false on HTTP 200,
// the throttling hint from x-ratelimit-user[-api], and bodies that are not JSON at all.

#include <chrono>

#include <gtest/gtest.h>

#include "adapters/alibaba_ice/errors.hpp"
#include "adapters/common/alibaba_pop.hpp"
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
  return response(status, test::read_test_data("fixtures/alibaba_ice/" + std::string(name)),
                  std::move(headers));
}

TEST(AlibabaIceErrors, SignatureMismatchIsAuthAndFinal) {
  auto r = alibaba_ice::decode_response(fixture(400, "error_signature.json"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kAuth);
  EXPECT_FALSE(r.error().retryable());
  EXPECT_EQ(r.error().code, "SignatureDoesNotMatch");
  EXPECT_EQ(r.error().message, "Specified signature is not matched with our calculation.");
  EXPECT_EQ(r.error().request_id, "0F8E4C2B-1A2B-4C3D-8E9F-000000000400");
  EXPECT_EQ(r.error().http_status, 400);
  EXPECT_FALSE(r.error().retry_after);
}

TEST(AlibabaIceErrors, UnknownAccessKeyIsAuth) {
  auto r = alibaba_ice::decode_response(fixture(404, "error_access_key_not_found.json"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kAuth);
  EXPECT_FALSE(r.error().retryable());
  EXPECT_EQ(r.error().code, "InvalidAccessKeyId.NotFound");
  EXPECT_EQ(r.error().request_id, "0F8E4C2B-1A2B-4C3D-8E9F-000000000404");
  EXPECT_EQ(r.error().http_status, 404);
}

TEST(AlibabaIceErrors, UserThrottlingIsRetryableWithoutAHintWhenNoHeader) {
  auto r = alibaba_ice::decode_response(fixture(429, "error_throttling_user.json"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kThrottled);
  EXPECT_TRUE(r.error().retryable());
  EXPECT_EQ(r.error().code, "Throttling.User");
  EXPECT_EQ(r.error().request_id, "0F8E4C2B-1A2B-4C3D-8E9F-000000000429");
  EXPECT_EQ(r.error().http_status, 429);
  EXPECT_FALSE(r.error().retry_after);
  // Most POP gateways send Throttling.User with HTTP 400: still throttled.
  auto on400 = alibaba_ice::decode_response(fixture(400, "error_throttling_user.json"));
  ASSERT_FALSE(on400);
  EXPECT_EQ(on400.error().kind, ErrorKind::kThrottled);
  EXPECT_EQ(on400.error().http_status, 400);
}

TEST(AlibabaIceErrors, ThrottlingHintComesFromTheRateLimitHeaders) {
  auto api = alibaba_ice::decode_response(
      fixture(429, "error_throttling_user.json",
              {{"x-ratelimit-user-api", "Limit:1,Remain:0,TimeLeft:2000,Reset:1234"}}));
  ASSERT_FALSE(api);
  EXPECT_EQ(api.error().retry_after, std::chrono::milliseconds(2000));

  auto user = alibaba_ice::decode_response(fixture(
      429, "error_throttling_user.json", {{"X-RateLimit-User", "Limit:10,Remain:0,TimeLeft:350,Reset:99"}}));
  ASSERT_FALSE(user);
  EXPECT_EQ(user.error().retry_after, 350ms);

  // Both: the longer wait wins, whichever header carries it.
  auto both = alibaba_ice::decode_response(
      fixture(429, "error_throttling_user.json",
              {{"x-ratelimit-user-api", "Limit:1,Remain:0,TimeLeft:2000,Reset:1234"},
               {"x-ratelimit-user", "Limit:5,Remain:0,TimeLeft:4500,Reset:1234"}}));
  ASSERT_FALSE(both);
  EXPECT_EQ(both.error().retry_after, 4500ms);
  auto both_reversed = alibaba_ice::decode_response(
      fixture(429, "error_throttling_user.json",
              {{"x-ratelimit-user-api", "Limit:1,Remain:0,TimeLeft:2000,Reset:1234"},
               {"x-ratelimit-user", "Limit:5,Remain:0,TimeLeft:10,Reset:1234"}}));
  ASSERT_FALSE(both_reversed);
  EXPECT_EQ(both_reversed.error().retry_after, 2000ms);

  // A header that does not parse gives no hint rather than a wrong one.
  auto junk = alibaba_ice::decode_response(fixture(
      429, "error_throttling_user.json", {{"x-ratelimit-user-api", "Limit:1,Remain:0,TimeLeft:soon"}}));
  ASSERT_FALSE(junk);
  EXPECT_FALSE(junk.error().retry_after);
}

TEST(AlibabaIceErrors, ThrottleHintReadsTimeLeftInMilliseconds) {
  adapters::HttpResponse r =
      response(429, "", {{"x-ratelimit-user-api", "Limit:1,Remain:0,TimeLeft:2000,Reset:1234"}});
  EXPECT_EQ(adapters::alibaba::throttle_hint(r), 2000ms);
  EXPECT_FALSE(adapters::alibaba::throttle_hint(response(429, "")));
}

TEST(AlibabaIceErrors, ServiceUnavailableIsTransient) {
  auto r = alibaba_ice::decode_response(fixture(503, "error_service_unavailable.json"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kTransient);
  EXPECT_TRUE(r.error().retryable());
  EXPECT_EQ(r.error().code, "ServiceUnavailable");
  EXPECT_EQ(r.error().request_id, "0F8E4C2B-1A2B-4C3D-8E9F-000000000503");
  EXPECT_EQ(r.error().http_status, 503);
  EXPECT_FALSE(r.error().retry_after);  // only throttling carries a hint
}

TEST(AlibabaIceErrors, RequestIdFallsBackToTheHeader) {
  auto r = alibaba_ice::decode_response(
      fixture(503, "error_no_request_id.json", {{"x-acs-request-id", "HDR-REQ-0001"}}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().request_id, "HDR-REQ-0001");
  // The body's id wins when both are there.
  auto both = alibaba_ice::decode_response(
      fixture(503, "error_service_unavailable.json", {{"x-acs-request-id", "HDR-REQ-0001"}}));
  ASSERT_FALSE(both);
  EXPECT_EQ(both.error().request_id, "0F8E4C2B-1A2B-4C3D-8E9F-000000000503");
}

TEST(AlibabaIceErrors, SuccessFalseOnHttp200IsAnError) {
  auto r = alibaba_ice::decode_response(fixture(200, "error_business_failure.json"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidRequest);
  EXPECT_FALSE(r.error().retryable());
  EXPECT_EQ(r.error().code, "InvalidParameter.PageSize");
  EXPECT_EQ(r.error().message, "The specified parameter PageSize is not valid.");
  EXPECT_EQ(r.error().request_id, "6B1F2A3C-0000-4000-8000-000000000200");
  // ICE's HttpStatusCode field is informational (§2.5): the status is the transport's.
  EXPECT_EQ(r.error().http_status, 200);

  auto no_code = alibaba_ice::decode_response(response(200, R"({"Success":false,"RequestId":"r"})"));
  ASSERT_FALSE(no_code);
  EXPECT_EQ(no_code.error().code, "UnknownError");
  EXPECT_EQ(no_code.error().kind, ErrorKind::kPermanent);
  EXPECT_EQ(no_code.error().request_id, "r");

  auto throttled =
      alibaba_ice::decode_response(response(200, R"({"Success":false,"Code":"Throttling.Api"})"));
  ASSERT_FALSE(throttled);
  EXPECT_EQ(throttled.error().kind, ErrorKind::kThrottled);
}

TEST(AlibabaIceErrors, TruncatedBodyIsABadResponse) {
  auto r = alibaba_ice::decode_response(fixture(200, "truncated.json", {{"x-acs-request-id", "HDR-TRUNC"}}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kBadResponse);
  EXPECT_EQ(r.error().http_status, 200);
  EXPECT_EQ(r.error().request_id, "HDR-TRUNC");
  EXPECT_FALSE(alibaba_ice::decode_response(response(200, "")));
  EXPECT_FALSE(alibaba_ice::decode_response(response(200, "[1,2,3]")));
  EXPECT_FALSE(alibaba_ice::decode_response(response(200, R"({"Success":true} trailing)")));
}

TEST(AlibabaIceErrors, HtmlBadGatewayIsTransient) {
  auto r =
      alibaba_ice::decode_response(fixture(502, "bad_gateway_502.json", {{"x-acs-request-id", "HDR-502"}}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kTransient);
  EXPECT_TRUE(r.error().retryable());
  EXPECT_EQ(r.error().code, "");
  EXPECT_EQ(r.error().http_status, 502);
  EXPECT_EQ(r.error().request_id, "HDR-502");
  EXPECT_FALSE(r.error().message.empty());

  // The same HTML with 200 cannot be read: a bad response, not a success.
  auto on200 = alibaba_ice::decode_response(fixture(200, "bad_gateway_502.json"));
  ASSERT_FALSE(on200);
  EXPECT_EQ(on200.error().kind, ErrorKind::kBadResponse);

  auto bare429 = alibaba_ice::decode_response(response(
      429, "Too Many Requests", {{"x-ratelimit-user-api", "Limit:1,Remain:0,TimeLeft:2000,Reset:1"}}));
  ASSERT_FALSE(bare429);
  EXPECT_EQ(bare429.error().kind, ErrorKind::kThrottled);
  EXPECT_EQ(bare429.error().retry_after, 2000ms);
}

TEST(AlibabaIceErrors, SuccessReturnsTheBodyObject) {
  auto r = alibaba_ice::decode_response(fixture(200, "doc_example.json"));
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->is_object());
  EXPECT_EQ(r->as_object().at("TotalCount").as_int64(), 100);
  EXPECT_EQ(r->as_object().at("LicenseInfoList").as_array().size(), 1u);
  // A body without Success (an emulator, an older gateway) is a success too.
  EXPECT_TRUE(alibaba_ice::decode_response(response(200, R"({"LicenseInfoList":[]})")));
}

TEST(AlibabaIceErrors, CodeTable) {
  using adapters::alibaba::classify_code;
  EXPECT_EQ(classify_code("Throttling", 400), ErrorKind::kThrottled);
  EXPECT_EQ(classify_code("Throttling.Api", 400), ErrorKind::kThrottled);
  EXPECT_EQ(classify_code("Rejected.Throttling", 400), ErrorKind::kThrottled);
  EXPECT_EQ(classify_code("InternalError", 500), ErrorKind::kTransient);
  EXPECT_EQ(classify_code("IncompleteSignature", 400), ErrorKind::kAuth);
  EXPECT_EQ(classify_code("InvalidTimeStamp.Expired", 400), ErrorKind::kAuth);
  EXPECT_EQ(classify_code("SignatureNonceUsed", 400), ErrorKind::kAuth);
  EXPECT_EQ(classify_code("Forbidden.RAM", 403), ErrorKind::kAuth);
  EXPECT_EQ(classify_code("NoPermission", 403), ErrorKind::kAuth);
  EXPECT_EQ(classify_code("MissingParameter", 400), ErrorKind::kInvalidRequest);
  EXPECT_EQ(classify_code("InvalidParameter", 400), ErrorKind::kInvalidRequest);
  EXPECT_EQ(classify_code("NotFound", 404), ErrorKind::kPermanent);
  EXPECT_EQ(classify_code("", 500), ErrorKind::kTransient);
  EXPECT_EQ(classify_code("", 429), ErrorKind::kThrottled);
  EXPECT_EQ(classify_code("", 400), ErrorKind::kPermanent);
}

TEST(AlibabaIceErrors, CodeTableFamiliesAndStatusFallbacks) {
  using adapters::alibaba::classify_code;
  EXPECT_EQ(classify_code("Throttling.User", 429), ErrorKind::kThrottled);
  EXPECT_EQ(classify_code("Throttling.User", 400), ErrorKind::kThrottled);
  EXPECT_EQ(classify_code("ServiceUnavailable", 503), ErrorKind::kTransient);
  EXPECT_EQ(classify_code("InternalError", 200), ErrorKind::kTransient);  // the code decides, not the status
  EXPECT_EQ(classify_code("Server.Internal.UnknownError", 500), ErrorKind::kTransient);
  EXPECT_EQ(classify_code("SignatureDoesNotMatch", 500), ErrorKind::kAuth);
  EXPECT_EQ(classify_code("InvalidAccessKeyId", 400), ErrorKind::kAuth);
  EXPECT_EQ(classify_code("InvalidAccessKeyId.Inactive", 400), ErrorKind::kAuth);
  EXPECT_EQ(classify_code("InvalidSecurityToken.Expired", 400), ErrorKind::kAuth);
  EXPECT_EQ(classify_code("Forbidden", 403), ErrorKind::kAuth);
  EXPECT_EQ(classify_code("InvalidTimeStamp.Format", 400), ErrorKind::kAuth);
  EXPECT_EQ(classify_code("MissingSignatureNonce", 400), ErrorKind::kInvalidRequest);
  EXPECT_EQ(classify_code("InvalidParameter.PageSize", 400), ErrorKind::kInvalidRequest);
  EXPECT_EQ(classify_code("InvalidAction.NotFound", 404), ErrorKind::kInvalidRequest);
  EXPECT_EQ(classify_code("InvalidVersion", 400), ErrorKind::kInvalidRequest);
  EXPECT_EQ(classify_code("Account.Arrearage", 400), ErrorKind::kAccountState);
  EXPECT_EQ(classify_code("Forbidden.Arrearage", 403), ErrorKind::kAccountState);
  // A family is the code or the code plus ".sub": a longer word is another code.
  EXPECT_EQ(classify_code("InvalidAccessKeyIdFormat", 400), ErrorKind::kPermanent);
  // Unknown codes: the status decides.
  EXPECT_EQ(classify_code("SomethingNew", 503), ErrorKind::kTransient);
  EXPECT_EQ(classify_code("SomethingNew", 429), ErrorKind::kThrottled);
  EXPECT_EQ(classify_code("", 401), ErrorKind::kAuth);
  EXPECT_EQ(classify_code("", 403), ErrorKind::kAuth);
  EXPECT_EQ(classify_code("SomethingNew", 404), ErrorKind::kPermanent);
}

TEST(AlibabaIceErrors, RejectedThrottlingOn400TakesTheLongerHintHoweverSpelled) {
  auto r = alibaba_ice::decode_response(
      response(400, R"({"RequestId":"RT","Code":"Rejected.Throttling","Message":"m"})",
               {{"X-RateLimit-User-API", "Limit:1, Remain:0, TimeLeft: 750 ,Reset:1"},
                {"x-ratelimit-user", "limit:9,remain:0,timeleft:1500,reset:2"}}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kThrottled);
  EXPECT_EQ(r.error().code, "Rejected.Throttling");
  EXPECT_EQ(r.error().http_status, 400);
  EXPECT_EQ(r.error().retry_after, 1500ms);
  // Negative, fractional or overflowing values give no hint rather than a wrong one.
  for (const char* bad : {"TimeLeft:-5", "TimeLeft:1.5", "TimeLeft:99999999999999999999999", "TimeLeft:"}) {
    EXPECT_FALSE(adapters::alibaba::throttle_hint(response(429, "", {{"x-ratelimit-user", bad}}))) << bad;
  }
}

TEST(AlibabaIceErrors, InternalErrorIsTransient) {
  auto r = alibaba_ice::decode_response(response(
      500,
      R"({"RequestId":"IE","HostId":"ice.cn-shanghai.aliyuncs.com","Code":"InternalError","Message":"The request processing has failed due to some unknown error."})"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kTransient);
  EXPECT_EQ(r.error().http_status, 500);
  EXPECT_EQ(r.error().request_id, "IE");
  // An envelope without a message still says where it came from.
  auto bare = alibaba_ice::decode_response(response(500, R"({"HostId":"ice.cn-shanghai.aliyuncs.com"})"));
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().message, "HTTP 500 from ice.cn-shanghai.aliyuncs.com");
}

TEST(AlibabaIceErrors, UnreadableBodiesAreClassifiedByStatusAndSayWhy) {
  auto html403 = alibaba_ice::decode_response(response(403, "<html>Forbidden</html>"));
  ASSERT_FALSE(html403);
  EXPECT_EQ(html403.error().kind, ErrorKind::kAuth);
  auto array503 = alibaba_ice::decode_response(response(503, "[1]"));
  ASSERT_FALSE(array503);
  EXPECT_EQ(array503.error().kind, ErrorKind::kTransient);
  const auto body = test::read_test_data("fixtures/alibaba_ice/truncated.json");
  auto truncated = alibaba_ice::decode_response(response(200, body));
  ASSERT_FALSE(truncated);
  EXPECT_NE(truncated.error().message.find(std::to_string(body.size()) + " bytes"), std::string::npos)
      << truncated.error().message;
  // Not valid UTF-8, NUL bytes, deep nesting: errors, no crash.
  EXPECT_FALSE(alibaba_ice::decode_response(response(200, std::string("{\"a\":\"\xff\xfe\"}"))));
  EXPECT_FALSE(alibaba_ice::decode_response(response(200, std::string("{\0}", 3))));
  EXPECT_FALSE(
      alibaba_ice::decode_response(response(200, std::string(10000, '[') + std::string(10000, ']'))));
}

TEST(AlibabaIceErrors, DocExampleWithItsInformationalHttpStatusCodeIsASuccess) {
  // The doc sample says "HttpStatusCode": 0 next to Success:true: only Success counts.
  auto r = alibaba_ice::decode_response(fixture(200, "doc_example.json"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->as_object().at("HttpStatusCode").as_int64(), 0);
}

}  // namespace
