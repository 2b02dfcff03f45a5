#include <optional>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>

#include "gateway/base/clock.hpp"
#include "gateway/base/event.hpp"
#include "gateway/base/random.hpp"
#include "gateway/body/sealed.hpp"
#include "gateway/quotas/compression.hpp"
#include "gateway/http/front_door.hpp"
#include "gateway/http/handlers/quotas_handler.hpp"
#include "gateway/http/problem.hpp"
#include "gateway/http/router.hpp"
#include "gateway/http/server.hpp"
#include "gateway/http/wire.hpp"
#include "tests/support/co_test.hpp"
#include "tests/support/gunzip.hpp"

namespace {

using qg::test::gunzip;

using namespace qg::http;
using qg::quotas::accepts_gzip;
using qg::quotas::gzip;
using qg::quotas::gzip_etag;
using namespace std::chrono_literals;

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

// ---- On the wire: sealed bodies go out with sendfile(2), byte for byte -------------------------

namespace net = boost::asio;
using tcp = net::ip::tcp;

// Bytes that show any misplaced or repeated piece: position-dependent, not a repeated pattern.
std::string pattern(std::size_t n, unsigned seed) {
  std::string out(n, '\0');
  std::uint32_t x = seed * 2654435761u + 1;
  for (auto& c : out) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>('a' + x % 26);
  }
  return out;
}

// A server on 127.0.0.1:0 on the test's own io_context, with one route answering `body`
// (sealed when large), another answering 304 with a sealed body attached, a third a small plain body.
struct WireServer {
  qg::base::SystemClock clock;
  qg::base::SystemRandom random;
  Router router;
  std::unique_ptr<FrontDoor> front;
  std::unique_ptr<qg::base::Event> overdue;
  std::unique_ptr<HttpServer> server;
  std::uint16_t port = 0;

  WireServer(net::any_io_executor ex, BodyPtr big, BodyPtr small) {
    auto answer = [](unsigned status, BodyPtr body) -> Handler {
      return [status, body](const Request&) -> net::awaitable<Response> {
        Response r;
        r.status = status;
        r.headers.emplace_back("Content-Type", "application/octet-stream");
        r.body = body;
        co_return r;
      };
    };
    router.add({"/big", boost::beast::http::verb::get, answer(200, big), false});
    router.add({"/not-modified", boost::beast::http::verb::get, answer(304, big), false});
    router.add({"/small", boost::beast::http::verb::get, answer(200, small), false});
    front = std::make_unique<FrontDoor>(router, FrontDoorOptions{}, clock, random);
    overdue = std::make_unique<qg::base::Event>(ex);
    server = std::make_unique<HttpServer>(std::vector<net::any_io_executor>{ex}, *front, ServerLimits{}, *overdue);
    port = server->listen("127.0.0.1", 0);
  }
};

struct WireResponse {
  std::string head;
  std::string body;
};

net::awaitable<tcp::socket> connect(std::uint16_t port) {
  tcp::socket s(co_await net::this_coro::executor);
  co_await s.async_connect({net::ip::make_address("127.0.0.1"), port}, net::use_awaitable);
  co_return s;
}

// One request, then exactly the response's head and the body its Content-Length announces
// (none for HEAD and 304): a byte too many would show up as garbage before the next response.
net::awaitable<WireResponse> exchange(tcp::socket& s, std::string& buffer, const std::string& method,
                                      const std::string& target) {
  const std::string request = method + " " + target + " HTTP/1.1\r\nHost: t\r\n\r\n";
  co_await net::async_write(s, net::buffer(request), net::use_awaitable);
  const std::size_t end = co_await net::async_read_until(s, net::dynamic_buffer(buffer), "\r\n\r\n", net::use_awaitable);
  WireResponse r;
  r.head = buffer.substr(0, end);
  buffer.erase(0, end);
  std::size_t length = 0;
  if (const auto at = r.head.find("Content-Length: "); at != std::string::npos) length = std::stoul(r.head.substr(at + 16));
  if (method == "HEAD" || r.head.starts_with("HTTP/1.1 304")) length = 0;
  if (buffer.size() < length) {
    co_await net::async_read(s, net::dynamic_buffer(buffer), net::transfer_exactly(length - buffer.size()),
                             net::use_awaitable);
  }
  r.body = buffer.substr(0, length);
  buffer.erase(0, length);
  co_return r;
}

CO_TEST(SealedBodies, GoOutByteForByteLargeAndSmallWithKeepAlive) {
  // Larger than any socket buffer: the sender waits for room many times over.
  const auto big = qg::body::seal(pattern(24 << 20, 1));
  const auto small = qg::body::seal(pattern(3000, 2));
  CO_ASSERT_TRUE(qg::body::sealed_fd(big) >= 0);
  EXPECT_LT(qg::body::sealed_fd(small), 0);  // below kSealMinBytes: a plain write
  WireServer w(co_await net::this_coro::executor, big, small);
  auto s = co_await connect(w.port);
  std::string buffer;
  for (const char* target : {"/big", "/small", "/big", "/small"}) {
    const auto r = co_await exchange(s, buffer, "GET", target);
    EXPECT_TRUE(r.head.starts_with("HTTP/1.1 200 OK\r\n")) << r.head;
    EXPECT_EQ(r.head.find("Connection: close"), std::string::npos);
    const auto& expected = std::string(target) == "/big" ? *big : *small;
    EXPECT_NE(r.head.find("Content-Length: " + std::to_string(expected.size()) + "\r\n"), std::string::npos);
    EXPECT_TRUE(r.body == expected) << target;  // not EXPECT_EQ: 24 MiB in a failure message
  }
  EXPECT_TRUE(buffer.empty());
  EXPECT_EQ(w.server->connections(), 1u);  // all four on the one connection
  s.close();
  co_await w.server->drain(std::chrono::seconds(5));
}

CO_TEST(SealedBodies, HeadAndNotModifiedSendTheHeadOnly) {
  const auto big = qg::body::seal(pattern(200000, 3));
  WireServer w(co_await net::this_coro::executor, big, qg::http::make_body("ok"));
  auto s = co_await connect(w.port);
  std::string buffer;
  const auto head = co_await exchange(s, buffer, "HEAD", "/big");
  EXPECT_TRUE(head.head.starts_with("HTTP/1.1 200 OK\r\n"));
  EXPECT_NE(head.head.find("Content-Length: 200000\r\n"), std::string::npos);  // what GET would send
  const auto not_modified = co_await exchange(s, buffer, "GET", "/not-modified");
  EXPECT_TRUE(not_modified.head.starts_with("HTTP/1.1 304 Not Modified\r\n"));
  // The route set Content-Type: a 304 sends no representation metadata (RFC 9110 §15.4.5).
  EXPECT_EQ(not_modified.head.find("\r\nContent-Type:"), std::string::npos) << not_modified.head;
  // Had a body byte followed either head, this response would not parse.
  const auto after = co_await exchange(s, buffer, "GET", "/small");
  EXPECT_TRUE(after.head.starts_with("HTTP/1.1 200 OK\r\n")) << after.head;
  EXPECT_EQ(after.body, "ok");
  const auto full = co_await exchange(s, buffer, "GET", "/big");
  EXPECT_TRUE(full.body == *big);
  EXPECT_NE(full.head.find("Content-Type: application/octet-stream\r\n"), std::string::npos);
  s.close();
  co_await w.server->drain(std::chrono::seconds(5));
}

// The client leaves after a few kilobytes of a large body: the send fails (EPIPE or a reset,
// and with SIGPIPE not ignored, as in this test process, no signal kills the process); the
// connection ends and the server keeps serving.
CO_TEST(SealedBodies, AClientClosingMidBodyEndsOnlyItsConnection) {
  const auto big = qg::body::seal(pattern(32 << 20, 4));
  WireServer w(co_await net::this_coro::executor, big, qg::http::make_body("still here"));
  {
    auto s = co_await connect(w.port);
    const std::string request = "GET /big HTTP/1.1\r\nHost: t\r\n\r\n";
    co_await net::async_write(s, net::buffer(request), net::use_awaitable);
    std::string some(16384, '\0');
    co_await net::async_read(s, net::buffer(some), net::use_awaitable);
    EXPECT_TRUE(some.starts_with("HTTP/1.1 200 OK\r\n"));
    s.set_option(net::socket_base::linger(true, 0));  // a reset, not a polite close
    s.close();
  }
  auto again = co_await connect(w.port);
  std::string buffer;
  const auto r = co_await exchange(again, buffer, "GET", "/small");
  EXPECT_EQ(r.body, "still here");
  const auto whole = co_await exchange(again, buffer, "GET", "/big");
  EXPECT_TRUE(whole.body == *big);
  again.close();
  co_await w.server->drain(std::chrono::seconds(10));
  EXPECT_EQ(w.server->connections(), 0u);
  // The drain never had to give up on a connection: the one the client left had ended itself.
  EXPECT_FALSE(w.overdue->is_set());
}

}  // namespace
