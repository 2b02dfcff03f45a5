#include "tests/support/scripted_upstream.hpp"

#include <atomic>
#include <optional>
#include <sstream>
#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "adapters/common/http_types.hpp"

namespace qg::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace {

constexpr auto nothrow = net::as_tuple(net::use_awaitable);

std::string serialize(const http::response<http::string_body>& res) {
  std::ostringstream out;
  out << res;
  return out.str();
}

}  // namespace

std::string Recorded::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (adapters::iequals(k, name)) return v;
  }
  return {};
}

struct ScriptedUpstream::Impl {
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::optional<ssl::context> tls;
  std::thread thread;
  mutable std::mutex mutex;
  std::deque<Reply> queue;
  Reply fallback{200, {{"Content-Type", "application/json"}}, "{}", false, false, 0};
  std::vector<Recorded> recorded;
  std::atomic<std::size_t> connections{0};
  std::uint16_t port = 0;

  Reply next() {
    std::lock_guard lock(mutex);
    if (queue.empty()) return fallback;
    Reply r = std::move(queue.front());
    queue.pop_front();
    return r;
  }

  template <class Stream>
  net::awaitable<void> serve(Stream& stream) {
    beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> req;
      auto [ec, n] = co_await http::async_read(stream, buffer, req, nothrow);
      (void)n;
      if (ec) co_return;
      {
        std::lock_guard lock(mutex);
        Recorded r{std::string(req.method_string()), std::string(req.target()), {}, req.body()};
        for (const auto& f : req) r.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
        recorded.push_back(std::move(r));
      }
      Reply reply = next();
      if (reply.hang) {
        net::steady_timer forever(co_await net::this_coro::executor, std::chrono::hours(1));
        co_await forever.async_wait(nothrow);
        co_return;
      }
      http::response<http::string_body> res{static_cast<http::status>(reply.status), 11};
      for (auto& [k, v] : reply.headers) res.insert(k, v);
      res.body() = reply.body;
      res.keep_alive(req.keep_alive() && !reply.close);
      res.prepare_payload();
      if (reply.truncate_at > 0) {
        const std::string wire = serialize(res);
        auto [wec, wn] = co_await net::async_write(stream, net::buffer(wire.data(), std::min(reply.truncate_at, wire.size())),
                                                   nothrow);
        (void)wec;
        (void)wn;
        co_return;
      }
      auto [wec, wn] = co_await http::async_write(stream, res, nothrow);
      (void)wn;
      if (wec || !res.keep_alive()) co_return;
    }
  }

  net::awaitable<void> session(tcp::socket socket) {
    ++connections;
    if (tls) {
      beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *tls);
      auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, nothrow);
      if (ec) co_return;
      co_await serve(stream);
    } else {
      beast::tcp_stream stream(std::move(socket));
      co_await serve(stream);
      beast::error_code ec;
      stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    }
  }

  net::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(nothrow);
      if (ec) co_return;
      net::co_spawn(ioc, session(std::move(socket)), net::detached);
    }
  }
};

ScriptedUpstream::ScriptedUpstream(Tls tls) : impl_(std::make_unique<Impl>()) {
  auto& s = *impl_;
  if (tls != Tls::kNo) {
    const std::string name = tls == Tls::kYes ? "server" : "wrong-name";
    s.tls.emplace(ssl::context::tls_server);
    s.tls->use_certificate_chain_file(std::string(QG_TEST_CERT_DIR) + "/" + name + ".crt");
    s.tls->use_private_key_file(std::string(QG_TEST_CERT_DIR) + "/" + name + ".key", ssl::context::pem);
  }
  tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), 0);
  s.acceptor.open(endpoint.protocol());
  s.acceptor.set_option(net::socket_base::reuse_address(true));
  s.acceptor.bind(endpoint);
  s.acceptor.listen();
  s.port = s.acceptor.local_endpoint().port();
  net::co_spawn(s.ioc, s.accept_loop(), net::detached);
  s.thread = std::thread([&s] { s.ioc.run(); });
}

ScriptedUpstream::~ScriptedUpstream() {
  impl_->ioc.stop();
  impl_->thread.join();
}

void ScriptedUpstream::push(Reply reply) {
  std::lock_guard lock(impl_->mutex);
  impl_->queue.push_back(std::move(reply));
}

void ScriptedUpstream::set_default(Reply reply) {
  std::lock_guard lock(impl_->mutex);
  impl_->fallback = std::move(reply);
}

std::uint16_t ScriptedUpstream::port() const { return impl_->port; }

std::size_t ScriptedUpstream::requests_seen() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->recorded.size();
}

std::size_t ScriptedUpstream::connections_opened() const { return impl_->connections; }

std::vector<Recorded> ScriptedUpstream::recorded() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->recorded;
}

std::string ScriptedUpstream::ca_file() { return std::string(QG_TEST_CERT_DIR) + "/ca.crt"; }

std::string ScriptedUpstream::untrusted_ca_file() { return std::string(QG_TEST_CERT_DIR) + "/other-ca.crt"; }

}  // namespace qg::test
