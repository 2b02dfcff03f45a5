// EmulatorServer over real loopback sockets with a tiny Beast client: keep-alive, the three APIs
// on one port, transport faults, hangs, stop, and an io_context run by several threads. Each
// CO_TEST ends only when the io_context runs out of work, so a coroutine the server left behind
// after stop() fails the test by timing out.

#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "adapters/emulator/server.hpp"
#include "tests/support/co_test.hpp"
#include "tests/unit/adapters/emulator/requests.hpp"

namespace qg::emulator {
namespace {

using namespace testing;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using std::chrono::milliseconds;
constexpr auto nothrow = net::as_tuple(net::use_awaitable);

struct Reply {
  beast::error_code ec;
  unsigned status = 0;
  http::fields headers;
  std::string body;
};

net::awaitable<beast::tcp_stream> connect(std::uint16_t port) {
  beast::tcp_stream stream(co_await net::this_coro::executor);
  stream.expires_after(std::chrono::seconds(5));
  co_await stream.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), net::use_awaitable);
  co_return stream;
}

net::awaitable<Reply> send(beast::tcp_stream& stream, const WireRequest& w, milliseconds limit = milliseconds(5000)) {
  http::request<http::string_body> req{http::string_to_verb(w.method), w.target, 11};
  for (const auto& [k, v] : w.headers) req.set(k, v);
  req.body() = w.body;
  req.prepare_payload();
  Reply r;
  stream.expires_after(limit);
  std::tie(r.ec, std::ignore) = co_await http::async_write(stream, req, nothrow);
  if (r.ec) co_return r;
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  stream.expires_after(limit);
  std::tie(r.ec, std::ignore) = co_await http::async_read(stream, buffer, res, nothrow);
  if (r.ec) co_return r;
  r.status = res.result_int();
  r.headers = res.base();
  r.body = res.body();
  co_return r;
}

EmulatorOptions options() {
  EmulatorOptions o;
  o.tencent_credentials = {kTencent};
  o.alibaba_credentials = {kAlibaba};
  o.control_plane = true;
  return o;
}

std::string host(std::uint16_t port) { return "127.0.0.1:" + std::to_string(port); }

WireRequest live_request(std::uint16_t port) {
  Tc3Options o;
  o.host = host(port);
  o.timestamp = unix_now();
  return tc3_request(o);
}

WireRequest ice(std::uint16_t port, std::string nonce, signing::NameValues query = {}) {
  Acs3Options o;
  o.host = host(port);
  o.timestamp = unix_now();
  o.nonce = std::move(nonce);
  o.query = std::move(query);
  return acs3_request(o);
}

WireRequest get(std::uint16_t port, std::string target) {
  WireRequest w;
  w.method = "GET";
  w.target = std::move(target);
  w.headers = {{"Host", host(port)}};
  return w;
}

CO_TEST(EmulatorServer, ServesTheThreeApisAndTheControlPlaneOnOneKeepAliveConnection) {
  EmulatorServer server(co_await net::this_coro::executor, options());
  const auto port = server.listen("127.0.0.1", 0);
  CO_ASSERT_TRUE(port != 0);
  auto stream = co_await connect(port);

  const auto live = co_await send(stream, live_request(port));
  CO_ASSERT_EQ(live.status, 200u);
  const auto response = boost::json::parse(live.body).at("Response").as_object();
  EXPECT_FALSE(response.contains("Error")) << live.body;
  EXPECT_EQ(response.at("TotalNum").as_int64(), 230);
  EXPECT_FALSE(live.headers[http::field::date].empty());

  // Built apart from the co_await: g++ 12 cannot keep string-literal temporaries in a coroutine frame.
  const auto page_request = ice(port, "n1", {{"PageNo", "1"}, {"PageSize", "50"}});
  const auto licenses = co_await send(stream, page_request);
  EXPECT_EQ(licenses.status, 200u) << licenses.body;
  EXPECT_EQ(boost::json::parse(licenses.body).at("LicenseInfoList").as_array().size(), 50u);
  EXPECT_FALSE(licenses.headers["x-acs-request-id"].empty());

  Acs3Options o;
  o.method = "GET";
  o.path = "/api/v1/aliyunConsole/queryPaidResource";
  o.action = "AliyunConsoleOpenApiQueryPaidResource";
  o.version = "20240611";
  o.host = host(port);
  o.timestamp = unix_now();
  o.nonce = "n2";
  o.query = {{"maxResults", "20"}};
  const auto paid = co_await send(stream, acs3_request(o));
  EXPECT_EQ(paid.status, 200u) << paid.body;
  EXPECT_TRUE(boost::json::parse(paid.body).as_object().contains("nextToken"));

  const auto stats = co_await send(stream, get(port, "/__emulator/stats"));
  EXPECT_EQ(boost::json::parse(stats.body).at("apis").at("alibaba-aicontent").at("accepted").to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(server.stats().api(Api::kTencentLive).credentials.at(kTencent.id).accepted, 1u);
  EXPECT_EQ(server.open_connections(), 1u);
}

CO_TEST(EmulatorServer, TruncationKeepsTheFramingADisconnectBreaksIt) {
  EmulatorServer server(co_await net::this_coro::executor, options());
  const auto port = server.listen("127.0.0.1", 0);
  server.set_faults(Api::kAlibabaIce, Faults{.truncate_every = 1});
  auto stream = co_await connect(port);
  const auto cut = co_await send(stream, ice(port, "t1"));
  CO_ASSERT_EQ(cut.status, 200u);
  EXPECT_EQ(cut.headers[http::field::content_length], std::to_string(cut.body.size()));
  boost::system::error_code ec;
  boost::json::parse(cut.body, ec);
  EXPECT_TRUE(ec) << "half a JSON document must not parse";

  server.set_faults(Api::kAlibabaIce, Faults{.disconnect_every = 1});
  const auto dropped = co_await send(stream, ice(port, "t2"));  // same connection: still alive
  EXPECT_EQ(dropped.ec, http::error::partial_message) << dropped.ec.message();
}

CO_TEST(EmulatorServer, LatencyDelaysAndHangNeverAnswers) {
  EmulatorServer server(co_await net::this_coro::executor, options());
  const auto port = server.listen("127.0.0.1", 0);
  server.set_faults(Api::kTencentLive, Faults{.latency_ms = 100});
  auto stream = co_await connect(port);
  const auto started = std::chrono::steady_clock::now();
  const auto slow = co_await send(stream, live_request(port));
  EXPECT_EQ(slow.status, 200u);
  EXPECT_GE(std::chrono::steady_clock::now() - started, milliseconds(100));

  server.set_faults(Api::kAlibabaIce, Faults{.hang = true});
  const auto hung = co_await send(stream, ice(port, "h1"), milliseconds(300));
  EXPECT_EQ(hung.ec, beast::error::timeout);
  EXPECT_EQ(server.stats().api(Api::kAlibabaIce).hung, 1u);
}

CO_TEST(EmulatorServer, MalformedRequestsGet400AndAbsoluteFormTargetsWork) {
  EmulatorServer server(co_await net::this_coro::executor, options());
  const auto port = server.listen("127.0.0.1", 0);
  auto stream = co_await connect(port);
  const std::string garbage = "NOT HTTP AT ALL\r\n\r\n";
  co_await net::async_write(stream, net::buffer(garbage), nothrow);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  auto [ec, n] = co_await http::async_read(stream, buffer, res, nothrow);
  EXPECT_FALSE(ec) << ec.message();
  EXPECT_EQ(res.result_int(), 400u);

  // What a client sends through an HTTP proxy: the Host it signed is the cloud's.
  Tc3Options o;
  o.host = "live.tencentcloudapi.com";
  o.timestamp = unix_now();
  auto proxied = tc3_request(o);
  proxied.target = "http://live.tencentcloudapi.com/";
  auto fresh = co_await connect(port);
  const auto r = co_await send(fresh, proxied);
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.body.find("\"Error\""), std::string::npos) << r.body;
}

// Waits (on timer ticks, not a fixed sleep) until `condition` holds; false after `limit`.
template <class Condition>
net::awaitable<bool> eventually(Condition condition, milliseconds limit = milliseconds(5000)) {
  net::steady_timer tick(co_await net::this_coro::executor);
  for (auto waited = milliseconds(0); waited < limit; waited += milliseconds(2)) {
    if (condition()) co_return true;
    tick.expires_after(milliseconds(2));
    co_await tick.async_wait(nothrow);
  }
  co_return condition();
}

CO_TEST(EmulatorServer, StopEndsHangingConnectionsAndEveryCoroutine) {
  EmulatorServer server(co_await net::this_coro::executor, options());
  const auto port = server.listen("127.0.0.1", 0);
  server.set_faults(Api::kAlibabaIce, Faults{.hang = true});
  auto a = co_await connect(port);
  auto b = co_await connect(port);  // idle keep-alive connection
  Reply reply;
  bool answered = false;
  const auto hanging = ice(port, "s1");
  net::co_spawn(co_await net::this_coro::executor, [&]() -> net::awaitable<void> {
    reply = co_await send(a, hanging);
    answered = true;
  }, [](std::exception_ptr e) { if (e) std::rethrow_exception(e); });
  EXPECT_TRUE(co_await eventually([&] { return server.stats().api(Api::kAlibabaIce).hung == 1; }));
  EXPECT_FALSE(answered);
  server.stop();
  EXPECT_TRUE(co_await eventually([&] { return answered; }));
  EXPECT_TRUE(reply.ec) << "the hanging exchange ends with the connection";
  EXPECT_EQ(reply.status, 0u);
  EXPECT_TRUE(co_await eventually([&] { return server.open_connections() == 0; }));
  auto refused = co_await send(b, get(port, "/__emulator/stats"));
  EXPECT_TRUE(refused.ec);
  // The io_context must now run dry: CO_TEST waits for that and fails on a leftover coroutine.
}

TEST(EmulatorServer, IoContextRunByFourThreadsServesConcurrentClients) {
  net::io_context ioc(4);
  auto o = options();
  o.alibaba_rate_limit = 0;  // throttling is tested elsewhere; here every request must pass
  EmulatorServer server(ioc.get_executor(), o);
  const auto port = server.listen("127.0.0.1", 0);
  constexpr int kClients = 8, kRequests = 25;
  std::atomic<int> ok{0}, done{0};
  for (int c = 0; c < kClients; ++c) {
    net::co_spawn(net::make_strand(ioc), [&, c]() -> net::awaitable<void> {
      auto stream = co_await connect(port);
      for (int i = 0; i < kRequests; ++i) {
        const auto r = co_await send(stream, ice(port, "c" + std::to_string(c) + "-" + std::to_string(i)));
        ok += r.status == 200u;
        if (i % 5 == 0) co_await send(stream, get(port, "/__emulator/stats"));
      }
      if (++done == kClients) server.stop();
    }, [](std::exception_ptr e) { if (e) std::rethrow_exception(e); });
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back([&] { ioc.run_for(std::chrono::seconds(20)); });
  for (auto& t : threads) t.join();
  EXPECT_EQ(done.load(), kClients);
  EXPECT_EQ(ok.load(), kClients * kRequests);
  const auto s = server.stats().api(Api::kAlibabaIce);
  EXPECT_EQ(s.calls, static_cast<std::uint64_t>(kClients * kRequests));
  EXPECT_EQ(s.accepted, static_cast<std::uint64_t>(kClients * kRequests));
  EXPECT_EQ(server.open_connections(), 0u);
}

}  // namespace
}  // namespace qg::emulator
