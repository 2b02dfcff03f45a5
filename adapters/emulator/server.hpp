#pragma once
// The emulator's HTTP/1.1 server: one coroutine per connection on its own strand, keep-alive,
// read/write deadlines, and the faults EmulatorCore asks for (latency, hang, truncation).
// Runs on any executor, including an io_context driven by several threads.

#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/json/object.hpp>

#include "adapters/emulator/core.hpp"

namespace qg::emulator {

class EmulatorServer {
 public:
  EmulatorServer(boost::asio::any_io_executor executor, EmulatorOptions options);
  ~EmulatorServer();
  EmulatorServer(const EmulatorServer&) = delete;
  EmulatorServer& operator=(const EmulatorServer&) = delete;

  // Binds now and starts accepting; returns the bound port (0 picks a free one).
  std::uint16_t listen(const std::string& address, std::uint16_t port);
  // Stops accepting and ends every connection (hanging ones included). Idempotent.
  void stop();

  const Dataset& dataset() const;
  boost::json::object stats() const;  // as GET /__emulator/stats
  void set_faults(Api api, Faults faults);
  void reset();

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace qg::emulator
