#include <zlib.h>

#include <gtest/gtest.h>

#include "gateway/quotas/compression.hpp"
#include "gateway/http/front_door.hpp"
#include "gateway/http/handlers/quotas_handler.hpp"
#include "gateway/http/problem.hpp"
#include "gateway/http/router.hpp"
#include "gateway/http/wire.hpp"

namespace {

using namespace qg::http;
using qg::quotas::accepts_gzip;
using qg::quotas::gzip;
using qg::quotas::gzip_etag;
using namespace std::chrono_literals;

std::string gunzip(const std::string& data) {
  z_stream zs{};
  inflateInit2(&zs, 15 + 16);
  std::string out(1 << 20, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  inflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

TEST(Compression, AcceptEncodingNegotiation) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("*, gzip;q=0"));
}

TEST(Compression, GzipRoundTripsAndHasItsOwnEtag) {
  const std::string body(20000, 'x');
  auto compressed = gzip(body);
  ASSERT_TRUE(compressed);
  EXPECT_LT(compressed->size(), body.size() / 10);
  EXPECT_EQ(gunzip(*compressed), body);
  EXPECT_EQ(gzip_etag("\"abc\""), "\"abc-gzip\"");
}

TEST(FrontDoor, RequestIdsAndTraceContextAreValidated) {
  EXPECT_TRUE(valid_request_id("runbook-42"));
  EXPECT_TRUE(valid_request_id("a.b_c:d-1"));
  EXPECT_FALSE(valid_request_id(""));
  EXPECT_FALSE(valid_request_id("has space"));
  EXPECT_FALSE(valid_request_id("new\nline"));
  EXPECT_FALSE(valid_request_id(std::string(129, 'a')));
  EXPECT_TRUE(valid_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
  EXPECT_FALSE(valid_traceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01"));
  EXPECT_FALSE(valid_traceparent("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"));
  EXPECT_FALSE(valid_traceparent("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
  EXPECT_FALSE(valid_traceparent("garbage"));
}

TEST(Router, UnknownPathIs404KnownPathWithOtherMethodIs405WithAllow) {
  Router router;
  router.add({"/quotas", boost::beast::http::verb::get, {}, true});
  Request req;
  req.path = "/quotas";
  req.method = boost::beast::http::verb::post;
  unsigned status = 0;
  std::string allow;
  EXPECT_EQ(router.match(req, status, allow), nullptr);
  EXPECT_EQ(status, 405u);
  EXPECT_EQ(allow, "GET, HEAD, OPTIONS");
  req.method = boost::beast::http::verb::head;
  EXPECT_NE(router.match(req, status, allow), nullptr);
  req.path = "/nope";
  req.method = boost::beast::http::verb::get;
  EXPECT_EQ(router.match(req, status, allow), nullptr);
  EXPECT_EQ(status, 404u);
}

TEST(Problem, EveryKindHasItsStatusAndTheProblemShape) {
  const auto r = problem_response(ProblemKind::kInvalidParameters, "bad", {{"page_size", "too big"}});
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(r.find_header("Content-Type"), "application/problem+json");
  EXPECT_NE(r.body->find("\"invalid_params\":[{\"name\":\"page_size\""), std::string::npos);
  EXPECT_EQ(qg::problem::info(ProblemKind::kHeadersTooLarge).status, 431u);
  EXPECT_EQ(qg::problem::info(ProblemKind::kAllSourcesFailed).status, 502u);
}

TEST(QuotasHandler, RequestTimeoutHeaderIsSecondsPositiveAndBounded) {
  EXPECT_EQ(parse_request_timeout("2"), 2000ms);
  EXPECT_EQ(parse_request_timeout("0.25"), 250ms);
  EXPECT_FALSE(parse_request_timeout("0"));
  EXPECT_FALSE(parse_request_timeout("-1"));
  EXPECT_FALSE(parse_request_timeout("soon"));
  EXPECT_FALSE(parse_request_timeout("1e9"));
  EXPECT_FALSE(parse_request_timeout(""));
}

}  // namespace

namespace {

TEST(Wire, StatusLineHeadersLengthAndConnection) {
  qg::http::Response r = qg::http::text_response(200, "application/json", "{\"a\":1}");
  const auto head = qg::http::serialize_head(r, false, true, "Sun, 22 Nov 2026 16:55:00 GMT");
  EXPECT_TRUE(head.starts_with("HTTP/1.1 200 OK\r\nDate: Sun, 22 Nov 2026 16:55:00 GMT\r\n"));
  EXPECT_NE(head.find("Content-Type: application/json\r\n"), std::string::npos);
  EXPECT_NE(head.find("Content-Length: 7\r\n"), std::string::npos);
  EXPECT_EQ(head.find("Connection:"), std::string::npos);
  EXPECT_TRUE(head.ends_with("\r\n\r\n"));
  EXPECT_TRUE(qg::http::sends_body(r, false));
  EXPECT_FALSE(qg::http::sends_body(r, true));  // HEAD: same headers, no body
  const auto closing = qg::http::serialize_head(r, false, false, "d");
  EXPECT_NE(closing.find("Connection: close\r\n"), std::string::npos);
  qg::http::Response empty;
  empty.status = 204;
  EXPECT_EQ(qg::http::serialize_head(empty, false, true, "d").find("Content-Length"), std::string::npos);
  EXPECT_TRUE(qg::http::serialize_head(problem_response(ProblemKind::kHeadersTooLarge, "x"), false, false, "d")
                  .starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
}

TEST(Wire, AStreamedBodyIsChunkedForHttp11AndUnframedForHttp10) {
  qg::http::Response r;
  r.headers.emplace_back("Content-Type", "text/csv");
  r.stream = [](std::string&) { return false; };
  const auto chunked = qg::http::serialize_head(r, false, true, "d");
  EXPECT_NE(chunked.find("Transfer-Encoding: chunked\r\n"), std::string::npos);
  EXPECT_EQ(chunked.find("Content-Length"), std::string::npos);
  EXPECT_TRUE(qg::http::sends_body(r, false));
  const auto old = qg::http::serialize_head(r, false, false, "d", false);
  EXPECT_EQ(old.find("Transfer-Encoding"), std::string::npos);
  EXPECT_EQ(old.find("Content-Length"), std::string::npos);
  EXPECT_EQ(qg::http::chunk_head(0x1a2b), "1a2b\r\n");
  EXPECT_EQ(qg::http::chunk_head(65536), "10000\r\n");
}

TEST(Wire, ImfFixdate) {
  EXPECT_EQ(qg::http::http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");  // RFC 9110's own example
  EXPECT_EQ(qg::http::http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(qg::http::http_date(1795366500), "Sun, 22 Nov 2026 16:55:00 GMT");
}

}  // namespace
