#include <gtest/gtest.h>

#include "adapters/tencent_live/errors.hpp"
#include "tests/support/test_data.hpp"

namespace {

using namespace qg;
using adapters::ErrorKind;

adapters::HttpResponse response(unsigned status, std::string body) {
  adapters::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

TEST(TencentLiveErrors, ClassifiesEveryDocumentedFamily) {
  EXPECT_EQ(tencent_live::classify_code("RequestLimitExceeded"), ErrorKind::kThrottled);
  EXPECT_EQ(tencent_live::classify_code("RequestLimitExceeded.GlobalRegionUinLimitExceeded"), ErrorKind::kThrottled);
  EXPECT_EQ(tencent_live::classify_code("InternalError"), ErrorKind::kTransient);
  EXPECT_EQ(tencent_live::classify_code("InternalError.DBError"), ErrorKind::kTransient);
  EXPECT_EQ(tencent_live::classify_code("ServiceUnavailable"), ErrorKind::kTransient);
  EXPECT_EQ(tencent_live::classify_code("AuthFailure.SignatureFailure"), ErrorKind::kAuth);
  EXPECT_EQ(tencent_live::classify_code("AuthFailure.SecretIdNotFound"), ErrorKind::kAuth);
  EXPECT_EQ(tencent_live::classify_code("UnauthorizedOperation"), ErrorKind::kAuth);
  EXPECT_EQ(tencent_live::classify_code("InvalidParameterValue"), ErrorKind::kInvalidRequest);
  EXPECT_EQ(tencent_live::classify_code("MissingParameter"), ErrorKind::kInvalidRequest);
  EXPECT_EQ(tencent_live::classify_code("ResourceNotFound.StopService"), ErrorKind::kAccountState);
  EXPECT_EQ(tencent_live::classify_code("FailedOperation"), ErrorKind::kPermanent);
  EXPECT_EQ(tencent_live::classify_code("RequestLimitExceededX"), ErrorKind::kPermanent);  // not a sub-code
}

TEST(TencentLiveErrors, ErrorEnvelopeOnHttp200BecomesAClassifiedError) {
  auto r = tencent_live::decode_response(response(200, test::read_test_data("fixtures/tencent_live/error_signature.json")));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kAuth);
  EXPECT_FALSE(r.error().retryable());
  EXPECT_EQ(r.error().code, "AuthFailure.SignatureFailure");
  EXPECT_EQ(r.error().request_id, "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6");

  auto t = tencent_live::decode_response(response(200, test::read_test_data("fixtures/tencent_live/error_throttled.json")));
  ASSERT_FALSE(t);
  EXPECT_TRUE(t.error().retryable());
  auto f = tencent_live::decode_response(response(200, test::read_test_data("fixtures/tencent_live/error_frozen.json")));
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().kind, ErrorKind::kAccountState);
}

TEST(TencentLiveErrors, TruncatedAndForeignBodiesAreBadResponsesNotCrashes) {
  auto t = tencent_live::decode_response(response(200, test::read_test_data("fixtures/tencent_live/truncated.json")));
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().kind, ErrorKind::kBadResponse);
  EXPECT_FALSE(tencent_live::decode_response(response(200, "<html>502 Bad Gateway</html>")));
  EXPECT_FALSE(tencent_live::decode_response(response(200, R"({"NoResponse":{}})")));
  EXPECT_FALSE(tencent_live::decode_response(response(200, R"([1,2,3])")));
  auto gateway = tencent_live::decode_response(response(502, "<html>bad gateway</html>"));
  ASSERT_FALSE(gateway);
  EXPECT_EQ(gateway.error().kind, ErrorKind::kTransient);
  EXPECT_EQ(gateway.error().http_status, 502);
}

TEST(TencentLiveErrors, SuccessReturnsTheResponseObject) {
  auto r = tencent_live::decode_response(response(200, test::read_test_data("fixtures/tencent_live/doc_example_traffic.json")));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->as_object().at("TotalNum").as_int64(), 9);
}

}  // namespace

// Found by tencent_live_response_fuzzer: an Error object with an empty Code and no Message gave
// the operator an error with nothing in it.
TEST(TencentLiveErrors, EmptyErrorEnvelopeStillSaysWhatWentWrong) {
  auto r = tencent_live::decode_response(
      response(200, R"({"Response":{"Error":{"Code":""},"RequestId":"a1b2c3d4"}})"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "UnknownError");
  EXPECT_EQ(r.error().message, "Tencent Cloud returned error UnknownError without a message");
  EXPECT_EQ(r.error().request_id, "a1b2c3d4");
}
