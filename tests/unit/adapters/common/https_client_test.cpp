// The HTTPS client against real loopback servers: plain and TLS, keep-alive reuse, stale
// pooled connections, certificate and host-name verification, deadlines and size limits.

#include <gtest/gtest.h>

#include <boost/asio/this_coro.hpp>

#include "adapters/common/https_client.hpp"
#include "tests/support/co_test.hpp"
#include "tests/support/scripted_upstream.hpp"

namespace {

using namespace qg;
using namespace std::chrono_literals;
using adapters::ErrorKind;
using test::Reply;
using test::ScriptedUpstream;

adapters::Endpoint endpoint(const ScriptedUpstream& up, bool tls, std::string host = "127.0.0.1") {
  adapters::Endpoint ep;
  ep.tls = tls;
  ep.host = std::move(host);
  ep.port = up.port();
  return ep;
}

adapters::HttpRequest post(std::string body) {
  adapters::HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers = {{"Content-Type", "application/json"}};
  r.body = std::move(body);
  return r;
}

auto deadline(std::chrono::milliseconds d = 5s) { return std::chrono::steady_clock::now() + d; }

CO_TEST(HttpsClient, PlainRequestRoundTripsAndReusesTheConnection) {
  ScriptedUpstream up;
  up.push(Reply{200, {{"X-Acs-Request-Id", "abc"}}, R"({"a":1})"});
  up.push(Reply{503, {}, "busy"});
  auto ex = co_await boost::asio::this_coro::executor;  // own statement: see https_client.hpp
  adapters::HttpsClient client(ex);
  auto first = co_await client.send(endpoint(up, false), post(R"({"PackageType":0})"), deadline());
  EXPECT_TRUE(first);
  if (!first) co_return;
  EXPECT_EQ(first->status, 200u);
  EXPECT_EQ(first->body, R"({"a":1})");
  EXPECT_EQ(first->header("x-acs-request-id"), "abc");
  auto second = co_await client.send(endpoint(up, false), post("{}"), deadline());
  EXPECT_TRUE(second) << (second ? "" : adapters::describe(second.error()));
  if (second) {
    EXPECT_EQ(second->status, 503u);  // an HTTP error status is the decoder's business
  }
  EXPECT_EQ(up.connections_opened(), 1u);
  EXPECT_EQ(client.connections_opened(), 1u);
  const auto seen = up.recorded();
  EXPECT_EQ(seen.size(), 2u);
  if (seen.size() != 2) co_return;
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].body, R"({"PackageType":0})");
  EXPECT_EQ(seen[0].header("Host"), "127.0.0.1:" + std::to_string(up.port()));
  EXPECT_EQ(seen[0].header("Content-Type"), "application/json");
}

CO_TEST(HttpsClient, ServerClosingAnIdleConnectionIsRetriedOnAFreshOne) {
  ScriptedUpstream up;
  up.push(Reply{200, {}, "one", true});  // closes after answering
  up.push(Reply{200, {}, "two"});
  auto ex = co_await boost::asio::this_coro::executor;  // own statement: see https_client.hpp
  adapters::HttpsClient client(ex);
  auto a = co_await client.send(endpoint(up, false), post("{}"), deadline());
  auto b = co_await client.send(endpoint(up, false), post("{}"), deadline());
  EXPECT_TRUE(a && b);
  if (b) {
    EXPECT_EQ(b->body, "two");
  }
  EXPECT_EQ(up.connections_opened(), 2u);
}

CO_TEST(HttpsClient, TlsWithTheRightCaVerifiesNameAndAddress) {
  ScriptedUpstream up(ScriptedUpstream::Tls::kYes);
  up.push(Reply{200, {}, "by name"});
  up.push(Reply{200, {}, "by address"});
  auto ex = co_await boost::asio::this_coro::executor;  // own statement: see https_client.hpp
  adapters::HttpsClient client(ex);
  auto by_name = endpoint(up, true, "localhost");
  by_name.ca_file = ScriptedUpstream::ca_file();
  auto r1 = co_await client.send(by_name, post("{}"), deadline());
  EXPECT_TRUE(r1) << (r1 ? "" : adapters::describe(r1.error()));
  if (r1) {
    EXPECT_EQ(r1->body, "by name");
  }
  auto by_ip = endpoint(up, true);
  by_ip.ca_file = ScriptedUpstream::ca_file();
  auto r2 = co_await client.send(by_ip, post("{}"), deadline());
  EXPECT_TRUE(r2) << (r2 ? "" : adapters::describe(r2.error()));
}

CO_TEST(HttpsClient, UntrustedCertificateIsRefusedAsANonRetryableError) {
  ScriptedUpstream up(ScriptedUpstream::Tls::kYes);
  auto ex = co_await boost::asio::this_coro::executor;  // own statement: see https_client.hpp
  adapters::HttpsClient client(ex);
  auto ep = endpoint(up, true, "localhost");
  ep.ca_file = ScriptedUpstream::untrusted_ca_file();
  auto r = co_await client.send(ep, post("{}"), deadline());
  EXPECT_FALSE(r);
  if (r) co_return;
  EXPECT_EQ(r.error().kind, ErrorKind::kPermanent);
  EXPECT_EQ(r.error().code, "TlsHandshakeFailed");
  EXPECT_EQ(up.requests_seen(), 0u);
  // No ca_file: the system store does not know our test CA either.
  auto system = endpoint(up, true, "localhost");
  auto r2 = co_await client.send(system, post("{}"), deadline());
  EXPECT_FALSE(r2);
}

CO_TEST(HttpsClient, HostNameMismatchIsRefused) {
  ScriptedUpstream up(ScriptedUpstream::Tls::kWrongName);
  auto ex = co_await boost::asio::this_coro::executor;  // own statement: see https_client.hpp
  adapters::HttpsClient client(ex);
  auto ep = endpoint(up, true);  // a certificate from the trusted CA, but for wrong-name.invalid
  ep.ca_file = ScriptedUpstream::ca_file();
  auto r = co_await client.send(ep, post("{}"), deadline());
  EXPECT_FALSE(r);
  if (!r) {
    EXPECT_EQ(r.error().code, "TlsHandshakeFailed");
  }
  EXPECT_EQ(up.requests_seen(), 0u);
}

CO_TEST(HttpsClient, HangingServerTimesOutAtTheDeadline) {
  ScriptedUpstream up;
  up.push(Reply{200, {}, "", false, true});
  auto ex = co_await boost::asio::this_coro::executor;  // own statement: see https_client.hpp
  adapters::HttpsClient client(ex);
  const auto started = std::chrono::steady_clock::now();
  auto r = co_await client.send(endpoint(up, false), post("{}"), deadline(300ms));
  EXPECT_FALSE(r);
  if (r) co_return;
  EXPECT_EQ(r.error().kind, ErrorKind::kTimeout);
  EXPECT_TRUE(r.error().retryable());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);  // bounded, not a timing assertion
}

CO_TEST(HttpsClient, OversizedAndTruncatedResponsesAreBadResponses) {
  ScriptedUpstream up;
  up.push(Reply{200, {}, std::string(2048, 'x')});
  up.push(Reply{200, {}, std::string(100, 'y'), false, false, 60});
  adapters::HttpClientOptions options;
  options.max_response_bytes = 1024;
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex, options);
  auto big = co_await client.send(endpoint(up, false), post("{}"), deadline());
  EXPECT_FALSE(big);
  if (!big) {
    EXPECT_EQ(big.error().code, "ResponseTooLarge");
  }
  auto cut = co_await client.send(endpoint(up, false), post("{}"), deadline());
  EXPECT_FALSE(cut);
  if (!cut) {
    EXPECT_TRUE(cut.error().retryable());
  }
}

CO_TEST(HttpsClient, ConnectionRefusedIsANetworkError) {
  std::uint16_t port;
  {
    ScriptedUpstream up;
    port = up.port();
  }
  auto ex = co_await boost::asio::this_coro::executor;  // own statement: see https_client.hpp
  adapters::HttpsClient client(ex);
  adapters::Endpoint ep;
  ep.tls = false;
  ep.host = "127.0.0.1";
  ep.port = port;
  auto r = co_await client.send(ep, post("{}"), deadline());
  EXPECT_FALSE(r);
  if (!r) {
    EXPECT_EQ(r.error().kind, ErrorKind::kNetwork);
  }
}

TEST(Endpoint, ParsesUrlsAndBuildsHostHeaders) {
  auto ep = adapters::parse_endpoint("https://live.tencentcloudapi.com");
  ASSERT_TRUE(ep);
  EXPECT_TRUE(ep->tls);
  EXPECT_EQ(ep->port, 443);
  EXPECT_EQ(ep->host_header(), "live.tencentcloudapi.com");
  auto local = adapters::parse_endpoint("http://127.0.0.1:8091/");
  ASSERT_TRUE(local);
  EXPECT_EQ(local->host_header(), "127.0.0.1:8091");
  EXPECT_EQ(adapters::parse_endpoint("http://[::1]:80")->host_header(), "[::1]");
  for (const char* bad : {"ftp://x", "live.tencentcloudapi.com", "https://", "https://h:0", "https://h:99999",
                          "https://h/path", "https://user@h", "https://h?x=1"}) {
    EXPECT_FALSE(adapters::parse_endpoint(bad)) << bad;
  }
}

}  // namespace
