#pragma once
// A real redis-server for tests, on a free loopback port, stopped (and restartable) by the test.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/process.hpp"

namespace qg::test {

class RedisServer {
 public:
  // Skips nothing by itself: check available() and GTEST_SKIP when redis-server is missing.
  explicit RedisServer(std::vector<std::string> extra_args = {});
  ~RedisServer();

  static bool available();
  std::uint16_t port() const { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_) + "/0"; }
  void stop();
  void start();  // again, on the same port

 private:
  std::vector<std::string> args_;
  std::uint16_t port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

std::uint16_t free_port();

}  // namespace qg::test

// First line of a test that needs a real Redis: skips it, saying why, where none is installed.
#define QG_REQUIRE_REDIS() \
  if (!::qg::test::RedisServer::available()) GTEST_SKIP() << "redis-server is not installed"
