#pragma once
// A real redis-server for tests, on a loopback port held for it, stopped (and restartable on the
// same port) by the test.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/process.hpp"

namespace qg::test {

// A loopback port held for a server that binds it with SO_REUSEADDR, as redis-server does.
// The reserving socket stays bound and never listens: Linux lets SO_REUSEADDR sockets share a
// port none of them listens on, so the server binds and listens on it, while no bind to port 0
// and no outgoing connection is given the port meanwhile, nor between a stop and a restart.
// (Closing a probe socket before the server binds, as a "free port" helper does, leaves that
// window open.)
class PortReservation {
 public:
  PortReservation();
  ~PortReservation();
  PortReservation(const PortReservation&) = delete;
  PortReservation& operator=(const PortReservation&) = delete;
  std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

class RedisServer {
 public:
  // Runs /usr/bin/redis-server: check available() first (QG_REQUIRE_REDIS) so a test fails saying why.
  explicit RedisServer(std::vector<std::string> extra_args = {});
  ~RedisServer();

  static bool available();
  std::uint16_t port() const { return port_.port(); }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port()) + "/0"; }
  void stop();
  void start();  // again, on the same port

 private:
  std::vector<std::string> args_;
  PortReservation port_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace qg::test

// First line of a test that needs a real Redis: fails it, saying why, where none is installed (the
// suite needs it; there is no opt-out).
#define QG_REQUIRE_REDIS() \
  if (!::qg::test::RedisServer::available()) \
  GTEST_FAIL() << "/usr/bin/redis-server is not installed (Debian package redis-server): .ci/install test"
