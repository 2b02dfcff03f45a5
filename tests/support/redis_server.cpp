#include "tests/support/redis_server.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace qg::test {

std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool RedisServer::available() { return ::access("/usr/bin/redis-server", X_OK) == 0; }

RedisServer::RedisServer(std::vector<std::string> extra_args) : args_(std::move(extra_args)), port_(free_port()) { start(); }

RedisServer::~RedisServer() { stop(); }

void RedisServer::start() {
  std::vector<std::string> args{"--port", std::to_string(port_), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--daemonize", "no", "--loglevel", "notice"};
  args.insert(args.end(), args_.begin(), args_.end());
  process_ = std::make_unique<ChildProcess>("/usr/bin/redis-server", args);
  process_->wait_for_line(std::regex("Ready to accept connections"));
}

void RedisServer::stop() {
  if (process_) process_->stop(15, std::chrono::seconds(10));
  process_.reset();
}

}  // namespace qg::test
