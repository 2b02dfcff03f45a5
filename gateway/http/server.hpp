#pragma once
// The HTTP/1.1 listener and its connections: one coroutine per connection on its own strand,
// keep-alive, a deadline on every read and write, header and body size limits, a connection
// cap, and a graceful drain (stop accepting, let in-flight requests finish, close idle ones).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "gateway/base/event.hpp"
#include "gateway/base/task_group.hpp"
#include "gateway/http/front_door.hpp"
#include "gateway/http/limits.hpp"

namespace qg::http {

/// @par Thread Safety
/// listen() once, then drain() from any thread.
///
/// Each executor should be a single-threaded io_context. One acceptor hands new connections to
/// the contexts in turn, and a connection lives on its context, so no strand or cross-thread
/// handoff sits on the request path. (Not SO_REUSEPORT: that would let a second instance
/// started by mistake silently share the port.)
class HttpServer {
 public:
  // `overdue` is set when the drain grace is over: handlers waiting on it answer at once.
  HttpServer(std::vector<boost::asio::any_io_executor> executors, FrontDoor& front_door, ServerLimits limits,
             base::Event& overdue);
  ~HttpServer();

  // Binds and starts accepting; returns the bound port (port 0 picks a free one). Throws on a
  // bind failure (startup misconfiguration).
  std::uint16_t listen(const std::string& host, std::uint16_t port);

  // Stops accepting and closes idle keep-alive connections; requests in flight finish and
  // their connections close after the response. When `grace` passes first, `overdue` is set and
  // what is left gets a short window to answer before it is cancelled.
  boost::asio::awaitable<void> drain(std::chrono::milliseconds grace);

  bool draining() const;
  std::size_t connections() const;

  struct State;  // shared with the connection coroutines, which may outlive a stop()

 private:
  std::shared_ptr<State> state_;
};

}  // namespace qg::http
