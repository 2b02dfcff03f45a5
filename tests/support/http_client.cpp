#include "tests/support/http_client.hpp"

#include <optional>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "adapters/common/http_types.hpp"

namespace qg::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct TestClient::Impl {
  std::string host;
  std::uint16_t port;
  net::io_context ioc;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
};

TestClient::TestClient(std::uint16_t port, std::string host) : impl_(new Impl{std::move(host), port, {}, {}, {}}) {}

TestClient::~TestClient() { delete impl_; }

TestResponse TestClient::request(std::string method, std::string target, Headers headers, std::string body,
                                 std::chrono::milliseconds limit) {
  auto& s = *impl_;
  TestResponse out;
  auto exchange = [&]() -> net::awaitable<void> {
    constexpr auto nothrow = net::as_tuple(net::use_awaitable);
    if (!s.stream) {
      s.stream.emplace(s.ioc);
      s.buffer.clear();
      s.stream->expires_after(limit);
      auto [ec] = co_await s.stream->async_connect(
          net::ip::tcp::endpoint(net::ip::make_address(s.host), s.port), nothrow);
      if (ec) {
        out.error = "connect: " + ec.message();
        s.stream.reset();
        co_return;
      }
      ++connections_;
    }
    http::request<http::string_body> req;
    req.method_string(method);
    req.target(target);
    req.version(11);
    req.set(http::field::host, s.host + ":" + std::to_string(s.port));
    for (auto& [k, v] : headers) req.insert(k, v);
    req.body() = body;
    if (!body.empty()) req.prepare_payload();
    s.stream->expires_after(limit);
    auto [wec, wn] = co_await http::async_write(*s.stream, req, nothrow);
    (void)wn;
    if (wec) {
      out.error = "write: " + wec.message();
      s.stream.reset();
      co_return;
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(256 * 1024 * 1024);
    if (method == "HEAD") parser.skip(true);
    auto [rec, rn] = co_await http::async_read(*s.stream, s.buffer, parser, nothrow);
    (void)rn;
    if (rec) {
      out.error = "read: " + rec.message();
      s.stream.reset();
      co_return;
    }
    auto res = parser.release();
    out.status = res.result_int();
    for (const auto& f : res) out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    out.body = std::move(res.body());
    if (!res.keep_alive()) s.stream.reset();
  };
  s.ioc.restart();
  net::co_spawn(s.ioc, exchange(), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  s.ioc.run_for(limit + std::chrono::seconds(1));
  if (!s.ioc.stopped()) {
    s.stream.reset();
    s.ioc.run_for(std::chrono::seconds(1));  // let the aborted operations finish
    out.error = "timed out";
  }
  return out;
}

std::string TestResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (adapters::iequals(k, name)) return v;
  }
  return {};
}

bool TestResponse::has_header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (adapters::iequals(k, name)) return true;
  }
  return false;
}

boost::json::value TestResponse::json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec) ADD_FAILURE() << "response body is not JSON: " << ec.message() << "\n" << body.substr(0, 500);
  return v;
}

TestResponse http_get(std::uint16_t port, std::string target, Headers headers) {
  TestClient client(port);
  return client.get(std::move(target), std::move(headers));
}

}  // namespace qg::test
