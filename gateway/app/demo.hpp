#pragma once
// Demo mode: no --config. The three provider emulators start in-process on a loopback port
// and one account per provider points at them, so the gateway serves realistic, simulated data
// with no cloud account. The log says so loudly.

#include <cstdint>
#include <memory>

#include <boost/asio/any_io_executor.hpp>

#include "gateway/config/config.hpp"

namespace qg::emulator {
class EmulatorServer;
}

namespace qg::app {

class DemoEnvironment {
 public:
  // Starts the emulators on 127.0.0.1:0 and adds one account per provider to `config`.
  DemoEnvironment(boost::asio::any_io_executor executor, config::GatewayConfig& config);
  ~DemoEnvironment();
  void stop();
  std::uint16_t port() const { return port_; }

 private:
  std::unique_ptr<emulator::EmulatorServer> server_;
  std::uint16_t port_ = 0;
};

}  // namespace qg::app
