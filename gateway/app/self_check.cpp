#include "gateway/app/self_check.hpp"

#include <chrono>
#include <iostream>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>

namespace qg::app {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

net::awaitable<int> probe(std::string host, std::string port, std::string target) {
  constexpr auto nothrow = net::as_tuple(net::use_awaitable);
  auto ex = co_await net::this_coro::executor;
  auto [rec, endpoints] = co_await net::ip::tcp::resolver(ex).async_resolve(host, port, nothrow);
  if (rec) co_return 1;
  beast::tcp_stream stream(ex);
  stream.expires_after(std::chrono::seconds(3));  // one budget for connect, write and read
  auto [cec, ep] = co_await stream.async_connect(endpoints, nothrow);
  (void)ep;
  if (cec) {
    std::cerr << "check failed: " << cec.message() << "\n";
    co_return 1;
  }
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, host);
  req.set(http::field::user_agent, "quota-gateway-check");
  auto [wec, wn] = co_await http::async_write(stream, req, nothrow);
  (void)wn;
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  auto [ec, n] = co_await http::async_read(stream, buffer, res, nothrow);
  (void)n;
  if (wec || ec) {
    std::cerr << "check failed: " << (wec ? wec : ec).message() << "\n";
    co_return 1;
  }
  std::cout << res.result_int() << " " << res.body() << "\n";
  co_return res.result_int() >= 200 && res.result_int() < 300 ? 0 : 1;
}

}  // namespace

int self_check(const std::string& url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || parsed->scheme() != "http") {
    std::cerr << "--check needs an http:// URL\n";
    return 1;
  }
  std::string target(parsed->encoded_target());
  if (target.empty()) target = "/";
  net::io_context ioc;
  int code = 1;
  net::co_spawn(ioc,
                probe(std::string(parsed->host()), parsed->has_port() ? std::string(parsed->port()) : "80", target),
                [&code](std::exception_ptr e, int result) { code = e ? 1 : result; });
  ioc.run();
  return code;
}

}  // namespace qg::app
