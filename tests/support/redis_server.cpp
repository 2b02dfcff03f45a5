#include "tests/support/redis_server.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <gtest/gtest.h>

namespace qg::test {

bool RedisServer::available() { return ::access("/usr/bin/redis-server", X_OK) == 0; }

RedisServer::RedisServer(std::vector<std::string> extra_args) : args_(std::move(extra_args)) { start(); }

RedisServer::~RedisServer() { stop(); }

void RedisServer::start() {
  std::vector<std::string> args{"--port", std::to_string(port()), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--daemonize", "no", "--loglevel", "notice"};
  args.insert(args.end(), args_.begin(), args_.end());
  process_ = std::make_unique<ChildProcess>("/usr/bin/redis-server", args);
  // A refused bind ends the wait at once, with redis-server's own words, instead of a time-out.
  const std::string outcome = process_->wait_for_line(std::regex("(Ready to accept connections|Could not create server TCP listening socket.*)"));
  if (!outcome.empty() && outcome != "Ready to accept connections") {
    ADD_FAILURE() << "redis-server did not start on the reserved port " << port() << ": " << outcome;
  }
}

void RedisServer::stop() {
  if (process_) process_->stop(15, std::chrono::seconds(10));
  process_.reset();
}

}  // namespace qg::test
