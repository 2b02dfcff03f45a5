#pragma once
// The running gateway: io_context on N threads, the quotas service and its cache, pacer and
// HTTPS client, the HTTP server, readiness, and the shutdown sequence (SIGINT/SIGTERM: not
// ready → stop accepting → finish in-flight requests within the grace period → exit 0).

#include <cstdint>
#include <memory>

#include "gateway/config/config.hpp"

namespace qg::app {

class Application {
 public:
  explicit Application(config::GatewayConfig config);
  ~Application();
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  // Builds everything, binds the listener and starts the threads; returns the bound port.
  // Throws on startup misconfiguration (bad endpoint, port in use).
  std::uint16_t start();
  // Begins the graceful stop (idempotent, any thread).
  void stop();
  // Blocks until the gateway has stopped.
  void wait();
  // start() + stop on SIGINT/SIGTERM + wait(): the process's life. Returns the exit code.
  int run();

  std::uint16_t port() const;
  bool ready() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// main(): parses the command line, loads the configuration, runs. Returns the exit code.
int main_entry(int argc, char** argv);

}  // namespace qg::app
