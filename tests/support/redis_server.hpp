#pragma once
// A real redis-server for tests, on a loopback port held for it, stopped (and restartable on the
// same port) by the test.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/port_reservation.hpp"
#include "tests/support/process.hpp"

namespace qg::test {

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
