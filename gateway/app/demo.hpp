#pragma once
// Demo mode: no --config. The three provider emulators start in-process on a loopback port
// and one account per provider points at them, so the gateway serves realistic, simulated data
// with no cloud account. The emulated clouds use their pools in deduction order (Tencent Live
// and AIContent, from three days before start on), and the gateway starts with that simulated
// history, so pools, forecasts and waste show within the first minute. The log says so loudly.

#include <cstdint>
#include <memory>

#include <boost/asio/any_io_executor.hpp>

#include "gateway/config/config.hpp"
#include "gateway/history/store.hpp"

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
  // The usage samples the gateway would have recorded over the simulated days before `now_unix`,
  // one an hour per package of the demo accounts.
  std::vector<history::PackageSample> simulated_history(std::int64_t now_unix) const;

 private:
  std::unique_ptr<emulator::EmulatorServer> server_;
  std::uint16_t port_ = 0;
  std::int64_t burn_since_unix_ = 0;
};

}  // namespace qg::app
