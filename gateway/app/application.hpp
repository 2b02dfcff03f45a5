#pragma once
// The running gateway: io_context on N threads, the quotas service and its cache, pacer and
// HTTPS client, the HTTP server, readiness, and the shutdown sequence (SIGINT/SIGTERM: not
// ready → stop accepting → finish in-flight requests within the grace period → exit 0).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gateway/config/config.hpp"

namespace qg::app {

// Where the running configuration came from, so SIGHUP and changed files can reload it.
struct ConfigSource {
  std::string path;
  std::optional<config::ListenAddress> listen;  // --listen, which overrides the file's
  std::vector<std::string> files;               // read for it: the file and its *_file secrets
};

class Application {
 public:
  // Without a source (demo mode) there is nothing to reload.
  explicit Application(config::GatewayConfig config, std::optional<ConfigSource> source = std::nullopt);
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

// Loads a configuration file, recording every file read (for the reload watch). `reloading`:
// see config::LoadEnvironment::reloading (an auth: section without a usable key revokes every
// key instead of being refused).
ConfigSource load_tracked(const std::string& path, std::optional<config::ListenAddress> listen,
                          config::GatewayConfig& out, bool reloading = false);

// main(): parses the command line, loads the configuration, runs. Returns the exit code.
int main_entry(int argc, char** argv);

}  // namespace qg::app
