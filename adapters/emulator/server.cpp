#include "adapters/emulator/server.hpp"

#include <atomic>
#include <list>
#include <mutex>
#include <sstream>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace qg::emulator {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using namespace net::experimental::awaitable_operators;

constexpr auto nothrow = net::as_tuple(net::use_awaitable);
constexpr auto kIoTimeout = std::chrono::seconds(30);

struct Connection {
  net::any_io_executor strand;
  net::cancellation_signal stop;
};

}  // namespace

struct EmulatorServer::State {
  net::any_io_executor executor;
  EmulatorCore core;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::mutex mutex;
  std::list<std::shared_ptr<Connection>> connections;
  std::atomic<bool> stopped{false};

  State(net::any_io_executor ex, EmulatorOptions options) : executor(std::move(ex)), core(std::move(options)) {}
};

namespace {

WireRequest to_wire(const http::request<http::string_body>& msg) {
  WireRequest w;
  w.method = std::string(msg.method_string());
  w.target = std::string(msg.target());
  const auto q = w.target.find('?');
  w.path = w.target.substr(0, q);
  if (q != std::string::npos) w.query = w.target.substr(q + 1);
  for (const auto& f : msg) w.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  w.body = msg.body();
  return w;
}

net::awaitable<void> session(std::shared_ptr<EmulatorServer::State> state, tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(1024 * 1024);
    stream.expires_after(kIoTimeout);
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, nothrow);
    (void)n;
    if (ec) break;
    const auto& msg = parser.get();
    WireResponse r = state->core.handle(to_wire(msg));
    auto ex = co_await net::this_coro::executor;
    if (r.latency.count() > 0) {
      net::steady_timer delay(ex, r.latency);
      co_await delay.async_wait(nothrow);
    }
    if (r.hang) {
      // Hold the connection open without answering until the client gives up or we stop.
      stream.expires_never();
      char byte;
      co_await stream.socket().async_read_some(net::buffer(&byte, 1), nothrow);
      break;
    }
    http::response<http::string_body> res{static_cast<http::status>(r.status), msg.version()};
    res.set(http::field::server, "provider-emulator");
    for (auto& [k, v] : r.headers) res.insert(k, v);
    res.body() = std::move(r.body);
    res.keep_alive(msg.keep_alive());
    res.prepare_payload();
    stream.expires_after(kIoTimeout);
    if (r.truncate) {
      // The full Content-Length, half the body, then the connection closes mid-message.
      std::ostringstream wire;
      wire << res;
      const std::string bytes = wire.str();
      const std::size_t cut = bytes.size() - res.body().size() / 2;
      co_await net::async_write(stream, net::buffer(bytes.data(), cut), nothrow);
      break;
    }
    auto [wec, wn] = co_await http::async_write(stream, res, nothrow);
    (void)wn;
    if (wec || !res.keep_alive()) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

net::awaitable<void> accept_loop(std::shared_ptr<EmulatorServer::State> state) {
  for (;;) {
    auto strand = net::make_strand(state->executor);
    auto [ec, socket] = co_await state->acceptor->async_accept(strand, nothrow);
    if (ec || state->stopped) co_return;
    auto conn = std::make_shared<Connection>();
    conn->strand = strand;
    std::list<std::shared_ptr<Connection>>::iterator it;
    {
      std::lock_guard lock(state->mutex);
      it = state->connections.insert(state->connections.end(), conn);
    }
    net::co_spawn(strand, session(state, std::move(socket)),
                  net::bind_cancellation_slot(conn->stop.slot(), [state, it](std::exception_ptr) {
                    std::lock_guard lock(state->mutex);
                    state->connections.erase(it);
                  }));
  }
}

}  // namespace

EmulatorServer::EmulatorServer(net::any_io_executor executor, EmulatorOptions options)
    : state_(std::make_shared<State>(std::move(executor), std::move(options))) {}

EmulatorServer::~EmulatorServer() { stop(); }

std::uint16_t EmulatorServer::listen(const std::string& address, std::uint16_t port) {
  tcp::endpoint endpoint(net::ip::make_address(address), port);
  state_->acceptor = std::make_unique<tcp::acceptor>(net::make_strand(state_->executor));
  state_->acceptor->open(endpoint.protocol());
  state_->acceptor->set_option(net::socket_base::reuse_address(true));
  state_->acceptor->bind(endpoint);
  state_->acceptor->listen(net::socket_base::max_listen_connections);
  const auto bound = state_->acceptor->local_endpoint().port();
  net::co_spawn(state_->acceptor->get_executor(), accept_loop(state_), [](std::exception_ptr) {});
  return bound;
}

void EmulatorServer::stop() {
  if (state_->stopped.exchange(true)) return;
  auto state = state_;
  if (state->acceptor) {
    net::dispatch(state->acceptor->get_executor(), [state] {
      beast::error_code ec;
      state->acceptor->close(ec);
    });
  }
  std::lock_guard lock(state->mutex);
  for (auto& conn : state->connections) {
    net::dispatch(conn->strand, [conn] { conn->stop.emit(net::cancellation_type::terminal); });
  }
}

const Dataset& EmulatorServer::dataset() const { return state_->core.dataset(); }
boost::json::object EmulatorServer::stats() const { return state_->core.stats(); }
void EmulatorServer::set_faults(Api api, Faults faults) { state_->core.set_faults(api, std::move(faults)); }
void EmulatorServer::reset() { state_->core.reset(); }

}  // namespace qg::emulator
