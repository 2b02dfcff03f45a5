#include "adapters/emulator/server.hpp"

#include <ctime>
#include <iostream>
#include <list>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "adapters/emulator/core.hpp"

namespace qg::emulator {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

constexpr auto nothrow = net::as_tuple(net::use_awaitable);

struct Connection {
  net::any_io_executor strand;
  std::shared_ptr<beast::tcp_stream> stream;
  net::cancellation_signal stop;  // emitted on `strand` only
};

}  // namespace

struct EmulatorServer::State {
  net::any_io_executor executor;
  EmulatorCore core;
  std::unique_ptr<tcp::acceptor> acceptor;
  mutable std::mutex mutex;
  std::list<std::shared_ptr<Connection>> connections;
  bool stopped = false;

  State(net::any_io_executor ex, EmulatorOptions options) : executor(std::move(ex)), core(std::move(options)) {}
};

namespace {

using State = EmulatorServer::State;

WireRequest to_wire(const http::request<http::string_body>& msg) {
  WireRequest w;
  w.method = std::string(msg.method_string());
  w.target = std::string(msg.target());
  split_target(w);
  for (const auto& f : msg) w.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  w.body = msg.body();
  return w;
}

std::string http_date() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char out[64];
  return std::string(out, std::strftime(out, sizeof out, "%a, %d %b %Y %H:%M:%S GMT", &tm));
}

http::response<http::string_body> to_beast(WireResponse& r, const http::request<http::string_body>& req) {
  http::response<http::string_body> res{static_cast<http::status>(r.status), req.version()};
  res.set(http::field::server, "provider-emulator");
  res.set(http::field::date, http_date());
  for (auto& [k, v] : r.headers) res.insert(k, v);
  // The Tencent SDK reads its trace id back from the answer.
  if (const auto trace = req.find("X-TC-TraceId"); trace != req.end()) res.set("X-TC-TraceId", trace->value());
  res.body() = std::move(r.body);
  res.keep_alive(req.keep_alive() && !r.disconnect);
  res.prepare_payload();
  return res;
}

// The hang fault: hold the connection and never answer; whatever the client sends is read and
// dropped until it gives up or the server stops (which closes the socket).
net::awaitable<void> hang(beast::tcp_stream& stream) {
  stream.expires_never();
  char sink[512];
  for (;;) {
    auto [ec, n] = co_await stream.async_read_some(net::buffer(sink), nothrow);
    if (ec) co_return;
  }
}

net::awaitable<void> write_bad_request(beast::tcp_stream& stream, std::chrono::milliseconds timeout) {
  http::response<http::string_body> res{http::status::bad_request, 11};
  res.set(http::field::content_type, "application/json");
  res.keep_alive(false);
  res.body() = R"({"error":"malformed or oversized HTTP request"})";
  res.prepare_payload();
  stream.expires_after(timeout);
  co_await http::async_write(stream, res, nothrow);
}

net::awaitable<void> run_session(std::shared_ptr<State> state, std::shared_ptr<Connection> conn) {
  beast::tcp_stream& stream = *conn->stream;
  const auto timeout = state->core.options().io_timeout;
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(1024 * 1024);
    stream.expires_after(timeout);
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, nothrow);
    if (ec) {
      // A peer that sent garbage is told so; one that left or timed out is not.
      if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
          ec != http::error::end_of_stream && ec != http::error::partial_message) {
        co_await write_bad_request(stream, timeout);
      }
      break;
    }
    const auto& msg = parser.get();
    WireResponse r = state->core.handle(to_wire(msg), Instant::now());
    if (r.latency.count() > 0) {
      net::steady_timer delay(co_await net::this_coro::executor, r.latency);
      auto [tec] = co_await delay.async_wait(nothrow);
      if (tec) break;  // stopped
    }
    if (r.hang) {
      co_await hang(stream);
      break;
    }
    auto res = to_beast(r, msg);
    stream.expires_after(timeout);
    if (r.disconnect) {
      // The full Content-Length, half the body, then the connection closes mid-message.
      std::ostringstream wire;
      wire << res;
      const std::string bytes = wire.str();
      co_await net::async_write(stream, net::buffer(bytes.data(), bytes.size() - res.body().size() / 2), nothrow);
      break;
    }
    auto [wec, wn] = co_await http::async_write(stream, res, nothrow);
    if (wec || !res.keep_alive()) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

void start_session(const std::shared_ptr<State>& state, tcp::socket socket, net::any_io_executor strand) {
  auto conn = std::make_shared<Connection>();
  conn->strand = strand;
  conn->stream = std::make_shared<beast::tcp_stream>(std::move(socket));
  {
    std::lock_guard lock(state->mutex);
    if (state->stopped) return;  // the socket closes with `conn`
    state->connections.push_back(conn);
  }
  net::co_spawn(strand, run_session(state, conn),
                net::bind_cancellation_slot(conn->stop.slot(), [state, conn](std::exception_ptr e) {
                  if (e) {
                    try {
                      std::rethrow_exception(e);
                    } catch (const std::exception& ex) {
                      std::cerr << "provider-emulator: connection failed: " << ex.what() << std::endl;
                    }
                  }
                  std::lock_guard lock(state->mutex);
                  state->connections.remove(conn);
                }));
}

net::awaitable<void> accept_loop(std::shared_ptr<State> state) {
  for (;;) {
    auto strand = net::make_strand(state->executor);
    auto [ec, socket] = co_await state->acceptor->async_accept(strand, nothrow);
    {
      std::lock_guard lock(state->mutex);
      if (state->stopped || ec == net::error::operation_aborted) co_return;
    }
    if (ec) {
      // Out of descriptors and the like: pause instead of spinning, then go on accepting.
      net::steady_timer pause(co_await net::this_coro::executor, std::chrono::milliseconds(50));
      co_await pause.async_wait(nothrow);
      continue;
    }
    start_session(state, std::move(socket), strand);
  }
}

}  // namespace

EmulatorServer::EmulatorServer(net::any_io_executor executor, EmulatorOptions options)
    : state_(std::make_shared<State>(std::move(executor), std::move(options))) {}

EmulatorServer::~EmulatorServer() { stop(); }

std::uint16_t EmulatorServer::listen(const std::string& address, std::uint16_t port) {
  if (state_->acceptor) throw std::logic_error("EmulatorServer::listen called twice");
  const tcp::endpoint endpoint(net::ip::make_address(address), port);
  auto acceptor = std::make_unique<tcp::acceptor>(net::make_strand(state_->executor));
  acceptor->open(endpoint.protocol());
  acceptor->set_option(net::socket_base::reuse_address(true));
  acceptor->bind(endpoint);
  acceptor->listen(net::socket_base::max_listen_connections);
  const auto bound = acceptor->local_endpoint().port();
  state_->acceptor = std::move(acceptor);
  net::co_spawn(state_->acceptor->get_executor(), accept_loop(state_), [](std::exception_ptr e) {
    if (e) std::cerr << "provider-emulator: the accept loop ended with an exception" << std::endl;
  });
  return bound;
}

void EmulatorServer::stop() {
  std::list<std::shared_ptr<Connection>> open;
  {
    std::lock_guard lock(state_->mutex);
    if (state_->stopped) return;
    state_->stopped = true;
    open = state_->connections;
  }
  if (state_->acceptor) {
    net::dispatch(state_->acceptor->get_executor(), [state = state_] {
      beast::error_code ignored;
      state->acceptor->close(ignored);
    });
  }
  for (auto& conn : open) {
    net::dispatch(conn->strand, [conn] {
      conn->stop.emit(net::cancellation_type::terminal);
      conn->stream->close();
    });
  }
}

std::shared_ptr<const Dataset> EmulatorServer::dataset() const { return state_->core.dataset(); }
std::shared_ptr<const Dataset> EmulatorServer::dataset_at(std::int64_t wall_ms) const {
  return state_->core.dataset_at(wall_ms);
}
void EmulatorServer::apply_usage(const UsageUpdate& update, std::int64_t now_ms) {
  state_->core.apply_usage(update, now_ms);
}
StatsSnapshot EmulatorServer::stats() const { return state_->core.stats(); }
void EmulatorServer::set_faults(Api api, Faults faults) { state_->core.set_faults(api, std::move(faults)); }
Faults EmulatorServer::faults(Api api) const { return state_->core.faults(api); }
void EmulatorServer::reset() { state_->core.reset(); }
const EmulatorOptions& EmulatorServer::options() const { return state_->core.options(); }

std::size_t EmulatorServer::open_connections() const {
  std::lock_guard lock(state_->mutex);
  return state_->connections.size();
}

}  // namespace qg::emulator
