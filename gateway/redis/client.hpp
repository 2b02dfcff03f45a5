#pragma once
// A coroutine Redis client on Asio: pooled connections (AUTH and SELECT on connect), a deadline
// on every command, reconnect on the next command after a failure, and Lua scripts run by
// EVALSHA with a transparent reload after NOSCRIPT. While Redis is unreachable, commands fail
// fast for `retry_interval` instead of each paying a connect timeout: callers fall back.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "gateway/redis/resp.hpp"

namespace qg::redis {

using Result = boost::system::result<Reply, std::string>;  // error: transport or protocol failure

struct Script {
  explicit Script(std::string source);
  std::string source;
  std::string sha1;  // lower-case hex, as EVALSHA wants it
};

struct ClientOptions {
  std::chrono::milliseconds timeout{250};         // per command, connect included
  std::chrono::milliseconds retry_interval{1000};  // fail fast this long after a failure
  std::size_t max_idle = 8;
};

/// @par Thread Safety
/// All members may be called concurrently.
class Client {
 public:
  Client(boost::asio::any_io_executor executor, RedisUrl url, ClientOptions options = {});
  ~Client();

  boost::asio::awaitable<Result> command(std::vector<std::string> args);
  boost::asio::awaitable<Result> eval(const Script& script, std::vector<std::string> keys, std::vector<std::string> args);

  bool up() const;
  std::size_t connections_opened() const;
  std::size_t scripts_loaded() const;
  // Called with the new state whenever Redis goes down or comes back (logs, metrics).
  void on_state_change(std::function<void(bool up)> callback);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace qg::redis
