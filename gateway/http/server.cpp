#include "gateway/http/server.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <list>
#include <mutex>
#include <optional>

#include <pthread.h>
#include <sys/sendfile.h>
#include <sys/socket.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/asio/write.hpp>

#include "gateway/base/log.hpp"
#include "gateway/http/framing.hpp"
#include "gateway/http/problem.hpp"
#include "gateway/http/wire.hpp"

namespace qg::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace beast_http = beast::http;
using tcp = net::ip::tcp;
using namespace net::experimental::awaitable_operators;

constexpr auto use_nothrow = net::as_tuple(net::use_awaitable);
// After the drain grace: how long overdue requests get to write the answer they could give.
constexpr auto kFinalAnswerWindow = std::chrono::seconds(2);

// What the server needs to reach a connection from outside its thread.
struct Connection {
  net::any_io_executor context;        // the connection's single-threaded io_context
  net::cancellation_signal idle_read;  // emitted (on that context) to end a keep-alive wait
};

}  // namespace

struct HttpServer::State {
  std::vector<net::any_io_executor> executors;
  FrontDoor& front;
  ServerLimits limits;
  base::Event& overdue;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  base::TaskGroup tasks;
  std::atomic<bool> draining{false};
  std::atomic<std::size_t> active{0};
  std::mutex mutex;
  std::list<std::shared_ptr<Connection>> connections;

  State(std::vector<net::any_io_executor> ex, FrontDoor& fd, ServerLimits l, base::Event& o)
      : executors(std::move(ex)), front(fd), limits(l), overdue(o) {}
};

namespace {

Response reject_unreadable(const beast::error_code& ec, std::size_t header_limit, std::size_t body_limit) {
  if (ec == beast_http::error::header_limit) {
    return problem_response(ProblemKind::kHeadersTooLarge,
                            "the request line and headers exceed " + std::to_string(header_limit) + " bytes");
  }
  if (ec == beast_http::error::body_limit) {
    return problem_response(ProblemKind::kPayloadTooLarge,
                            "the request body exceeds " + std::to_string(body_limit) + " bytes");
  }
  return problem_response(ProblemKind::kBadRequest, "the request is not valid HTTP/1.1: " + ec.message());
}

// A streamed body, piece by piece: each write has its own deadline, so a slow reader of a large
// export is cut off like any other, and memory stays at one piece; and the whole stream has the
// response's deadline, so a reader slow enough to stay under the first never holds what the
// stream pins (an export's record sets) for longer than that.
net::awaitable<void> write_stream(beast::tcp_stream& stream, Response& response, bool chunked,
                                  std::chrono::milliseconds timeout, beast::error_code& ec) {
  const auto started = std::chrono::steady_clock::now();
  const auto ends = response.stream_deadline.count() > 0 ? started + response.stream_deadline
                                                          : std::chrono::steady_clock::time_point::max();
  std::string piece;
  for (;;) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= ends) {
      ec = beast::error::timeout;
      co_return;
    }
    piece.clear();
    const bool more = response.stream(piece);
    if (piece.empty() && more) continue;
    std::string frame, tail;
    if (chunked) {
      if (!piece.empty()) {
        frame = chunk_head(piece.size());
        tail = "\r\n";
      }
      if (!more) tail += "0\r\n\r\n";
    }
    const std::array<net::const_buffer, 3> buffers{net::buffer(frame), net::buffer(piece), net::buffer(tail)};
    stream.expires_after(std::min<std::chrono::steady_clock::duration>(timeout, ends - now));
    auto [wec, n] = co_await net::async_write(stream, buffers, use_nothrow);
    (void)n;
    ec = wec;
    if (ec || !more) co_return;
  }
}

// sendfile(2) takes no MSG_NOSIGNAL: a peer gone mid-body raises SIGPIPE. The application ignores
// it; where it is not ignored (an embedding, a test) it is blocked on this thread for the call
// and a SIGPIPE the call raised is consumed, so the failure stays an error value.
class SigpipeShield {
 public:
  SigpipeShield() {
    // Looked up once: the application sets SIG_IGN before any server exists.
    static const bool kIgnored = ignored();
    if (kIgnored) return;
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    active_ = pthread_sigmask(SIG_BLOCK, &pipe_, &old_) == 0;
  }
  ~SigpipeShield() {
    if (!active_) return;
    if (!was_pending_) {
      const timespec zero{0, 0};
      while (sigtimedwait(&pipe_, nullptr, &zero) == SIGPIPE) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeShield(const SigpipeShield&) = delete;
  SigpipeShield& operator=(const SigpipeShield&) = delete;

 private:
  static bool ignored() {
    struct sigaction current {};
    return sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_IGN;
  }
  sigset_t pipe_{}, old_{};
  bool active_ = false, was_pending_ = false;
};

// One non-blocking step of a sealed answer: the head (MSG_MORE, so it leaves with the body's
// first bytes), then the body straight from its file. Bytes sent, 0 when the socket is full,
// -1 (errno set) on failure.
ssize_t send_step(int socket, const std::string& head, std::size_t& head_sent, int file, off_t& offset,
                  std::size_t size) {
  for (;;) {
    ssize_t n = 0;
    int error = 0;
    if (head_sent < head.size()) {
      n = ::send(socket, head.data() + head_sent, head.size() - head_sent, MSG_MORE | MSG_NOSIGNAL);
      error = errno;
      if (n > 0) head_sent += static_cast<std::size_t>(n);
    } else {
      SigpipeShield shield;
      n = ::sendfile(socket, file, &offset, size - static_cast<std::size_t>(offset));
      // Read before the shield goes: its clean-up calls overwrite errno.
      error = n == 0 ? EIO : errno;  // the sealed file cannot be shorter than its size: never expected
      if (n == 0) n = -1;
    }
    if (n >= 0) return n;
    if (error == EINTR) continue;
    errno = error;
    return error == EAGAIN || error == EWOULDBLOCK ? 0 : -1;
  }
}

// A sealed body (see body::seal): the kernel sends the file's pages, no copy from user space,
// as nginx does with `sendfile on`. When the socket's buffer is full it waits for room; one
// deadline covers the whole answer, like the write of any other.
net::awaitable<void> write_sealed(beast::tcp_stream& stream, const std::string& head, int file, std::size_t size,
                                  std::chrono::milliseconds timeout, beast::error_code& ec) {
  auto& socket = stream.socket();
  const int fd = socket.native_handle();
  std::size_t head_sent = 0;
  off_t offset = 0;
  const auto until = std::chrono::steady_clock::now() + timeout;
  std::optional<net::steady_timer> deadline;  // made the first time the socket is full
  while (head_sent < head.size() || static_cast<std::size_t>(offset) < size) {
    const ssize_t n = send_step(fd, head, head_sent, file, offset, size);
    if (n < 0) {
      ec = beast::error_code(errno, boost::system::system_category());
      co_return;
    }
    if (n > 0) continue;
    if (!deadline) deadline.emplace(socket.get_executor(), until);
    auto room = co_await (socket.async_wait(tcp::socket::wait_write, use_nothrow) || deadline->async_wait(use_nothrow));
    if (room.index() == 1) {
      ec = beast::error::timeout;
      co_return;
    }
    if (auto [wec] = std::get<0>(room); wec) {
      ec = wec;
      co_return;
    }
  }
}

net::awaitable<void> write_response(beast::tcp_stream& stream, Response& response, bool head, bool keep_alive,
                                    std::chrono::milliseconds timeout, beast::error_code& ec, bool chunked = true) {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  const std::string head_bytes = serialize_head(response, head, keep_alive, http_date(now), chunked);
  if (const int file = sends_body(response, head) && !response.stream ? sealed_body(response) : -1; file >= 0) {
    co_await write_sealed(stream, head_bytes, file, response.body->size(), timeout, ec);
    co_return;
  }
  std::array<net::const_buffer, 4> buffers{net::buffer(head_bytes), net::const_buffer(), net::const_buffer(),
                                           net::const_buffer()};
  const bool body = sends_body(response, head);
  if (body && !response.stream) {
    if (response.body) buffers[1] = net::buffer(*response.body);
    for (std::size_t i = 0; i < response.more_body.size(); ++i) {
      if (response.more_body[i]) buffers[2 + i] = net::buffer(*response.more_body[i]);
    }
  }
  stream.expires_after(timeout);
  auto [wec, n] = co_await net::async_write(stream, buffers, use_nothrow);
  (void)n;
  ec = wec;
  if (!ec && body && response.stream) co_await write_stream(stream, response, chunked, timeout, ec);
}

net::awaitable<void> run_session(std::shared_ptr<HttpServer::State> state, std::shared_ptr<Connection> conn,
                                 tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  beast::error_code ec;
  // Sealed answers go out through raw non-blocking calls (write_sealed); Asio's own operations
  // work the same on a non-blocking socket.
  stream.socket().native_non_blocking(true, ec);
  const auto& limits = state->limits;
  std::string remote;
  if (auto ep = stream.socket().remote_endpoint(ec); !ec) remote = ep.address().to_string();

  for (;;) {
    beast_http::request_parser<beast_http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    parser.body_limit(limits.max_body_bytes);
    // Checked and read on the connection's thread, so a drain either sees this read and cancels it, or
    // the read sees the drain flag: an idle connection cannot slip through.
    if (state->draining) break;
    // One deadline for the whole request, head and body: a slow sender cannot stretch it.
    stream.expires_after(limits.read_timeout);
    auto [rec, bytes] = co_await beast_http::async_read_header(
        stream, buffer, parser, net::bind_cancellation_slot(conn->idle_read.slot(), use_nothrow));
    (void)bytes;
    if (rec == beast_http::error::end_of_stream || rec == net::error::operation_aborted ||
        rec == beast::error::timeout || rec == net::error::connection_reset || rec == net::error::eof) {
      break;  // the client left, was idle too long, or we are draining
    }
    Request request;
    request.remote = remote;
    request.received = std::chrono::steady_clock::now();
    FramingVerdict framing;
    if (!rec) {
      // Before any body byte is read: the head must frame the body unambiguously.
      framing = check_framing(parser.get().base(), parser.get().version());
      if (framing.problem) {
        request.method_string = "-";
        Response response = state->front.reject(request, problem_response(ProblemKind::kBadRequest, *framing.problem));
        co_await write_response(stream, response, false, false, limits.write_timeout, ec);
        break;
      }
      if (!parser.is_done()) {
        auto [body_ec, body_bytes] = co_await beast_http::async_read(stream, buffer, parser, use_nothrow);
        (void)body_bytes;
        rec = body_ec;
        if (rec == beast::error::timeout || rec == net::error::connection_reset || rec == net::error::eof ||
            rec == net::error::operation_aborted || rec == beast_http::error::end_of_stream) {
          break;
        }
      }
    }
    if (rec) {
      // Unreadable request: answer once, then close (the stream is out of sync).
      request.method_string = "-";
      Response response = state->front.reject(request, reject_unreadable(rec, limits.max_header_bytes, limits.max_body_bytes));
      co_await write_response(stream, response, false, false, limits.write_timeout, ec);
      break;
    }
    auto& msg = parser.get();
    bind_message(request, msg);

    Response response;
    try {
      response = co_await state->front.handle(request);
    } catch (const std::exception& e) {
      base::log_error("handler failed", {{"request_id", request.request_id}, {"error", e.what()}});
      response = state->front.reject(request, problem_response(ProblemKind::kInternal, "internal error"));
    }
    // HTTP/1.0 has no chunked coding: a streamed body ends with the connection.
    const bool chunked = msg.version() >= 11;
    const bool keep_alive = msg.keep_alive() && !response.close && !framing.close_after && !state->draining &&
                            (chunked || !response.stream);
    co_await write_response(stream, response, request.head, keep_alive, limits.write_timeout, ec, chunked);
    if (ec || !keep_alive) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

net::awaitable<void> accept_loop(std::shared_ptr<HttpServer::State> state, tcp::acceptor& acceptor) {
  std::size_t next = 0;
  for (;;) {
    const auto context = state->executors[next++ % state->executors.size()];
    auto [ec, socket] = co_await acceptor.async_accept(context, use_nothrow);
    if (ec == net::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      // EMFILE and friends: back off briefly instead of spinning on a failing accept.
      base::log_warn("accept failed", {{"error", ec.message()}});
      net::steady_timer pause(co_await net::this_coro::executor, std::chrono::milliseconds(50));
      co_await pause.async_wait(use_nothrow);
      continue;
    }
    if (state->active.load() >= state->limits.max_connections) {
      socket.close(ec);  // over the cap: refuse at the door, before reading anything
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto conn = std::make_shared<Connection>();
    conn->context = context;
    std::list<std::shared_ptr<Connection>>::iterator it;
    {
      std::lock_guard lock(state->mutex);
      it = state->connections.insert(state->connections.end(), conn);
    }
    ++state->active;
    state->tasks.spawn(
        context,
        [](std::shared_ptr<HttpServer::State> s, std::shared_ptr<Connection> c, tcp::socket sock,
           std::list<std::shared_ptr<Connection>>::iterator pos) -> net::awaitable<void> {
          co_await run_session(s, c, std::move(sock));
          --s->active;
          std::lock_guard lock(s->mutex);
          s->connections.erase(pos);
        }(state, conn, std::move(socket), it),
        "connection");
  }
}

}  // namespace

HttpServer::HttpServer(std::vector<net::any_io_executor> executors, FrontDoor& front_door, ServerLimits limits,
                       base::Event& overdue)
    : state_(std::make_shared<State>(std::move(executors), front_door, limits, overdue)) {}

HttpServer::~HttpServer() {
  beast::error_code ec;
  for (auto& a : state_->acceptors) a->close(ec);
  state_->tasks.cancel();
}

std::uint16_t HttpServer::listen(const std::string& host, std::uint16_t port) {
  auto address = net::ip::make_address(host == "localhost" ? "127.0.0.1" : host);
  tcp::endpoint endpoint(address, port);
  auto acceptor = std::make_unique<tcp::acceptor>(state_->executors.front());
  acceptor->open(endpoint.protocol());
  acceptor->set_option(net::socket_base::reuse_address(true));
  acceptor->bind(endpoint);
  acceptor->listen(net::socket_base::max_listen_connections);
  const auto bound = acceptor->local_endpoint().port();
  state_->acceptors.push_back(std::move(acceptor));
  state_->tasks.spawn(state_->acceptors.front()->get_executor(), accept_loop(state_, *state_->acceptors.front()),
                      "accept loop");
  return bound;
}

bool HttpServer::draining() const { return state_->draining; }

std::size_t HttpServer::connections() const { return state_->active; }

net::awaitable<void> HttpServer::drain(std::chrono::milliseconds grace) {
  auto state = state_;
  state->draining = true;
  for (auto& acceptor : state->acceptors) {
    net::dispatch(acceptor->get_executor(), [state, a = acceptor.get()] {
      beast::error_code ec;
      a->close(ec);
    });
  }
  {
    std::lock_guard lock(state->mutex);
    for (auto& conn : state->connections) {
      net::dispatch(conn->context, [conn] { conn->idle_read.emit(net::cancellation_type::terminal); });
    }
  }
  net::steady_timer timer(co_await net::this_coro::executor, grace);
  auto outcome = co_await (state->tasks.join() || timer.async_wait(use_nothrow));
  if (outcome.index() == 0) co_return;
  // Requests still waiting for an upstream now answer with what is at hand (stale data, or a
  // 503 problem) instead of an empty reply; they get a short window to write it.
  base::log_warn("drain grace period over; answering what is left", {{"connections", state->active.load()}});
  state->overdue.set();
  timer.expires_after(kFinalAnswerWindow);
  outcome = co_await (state->tasks.join() || timer.async_wait(use_nothrow));
  if (outcome.index() == 1) {
    base::log_warn("closing remaining connections", {{"connections", state->active.load()}});
    state->tasks.cancel(net::cancellation_type::terminal);
    co_await state->tasks.join();
  }
}

}  // namespace qg::http
