#pragma once
// The provider emulator as an in-process server: Tencent Live DescribeLivePackageInfo, Alibaba
// ICE GetAiRtcLicenseInfoList and Alibaba AIContent AliyunConsoleOpenApiQueryPaidResource on one
// HTTP/1.1 port, with real signature checks, envelopes, paging, throttling, plus fault injection
// and statistics (core.hpp, control.hpp). Used by the gateway's demo mode, the tests and the
// provider-emulator executable.
//
// @par Thread Safety
// The executor may be an io_context run by several threads: each connection runs on its own
// strand and the shared state is locked. All members may be called from any thread. The server
// must be destroyed (or stopped) before the execution context behind its executor.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "adapters/emulator/dataset.hpp"
#include "adapters/emulator/faults.hpp"
#include "adapters/emulator/options.hpp"
#include "adapters/emulator/stats.hpp"
#include "adapters/emulator/usage.hpp"

namespace qg::emulator {

class EmulatorServer {
 public:
  EmulatorServer(boost::asio::any_io_executor executor, EmulatorOptions options);
  // Stops (see stop()).
  ~EmulatorServer();
  EmulatorServer(const EmulatorServer&) = delete;
  EmulatorServer& operator=(const EmulatorServer&) = delete;

  // Binds now and starts accepting; returns the bound port (0 picks a free one). Throws
  // boost::system::system_error when the address cannot be bound; std::logic_error when called twice.
  std::uint16_t listen(const std::string& address, std::uint16_t port);
  // Stops accepting and closes every connection, hanging ones included; their coroutines end
  // as soon as the executor runs them. Idempotent; does not block.
  void stop();

  std::shared_ptr<const Dataset> dataset() const;  // the native objects served now; tests compute expectations from them
  std::shared_ptr<const Dataset> dataset_at(std::int64_t wall_ms) const;  // EmulatorCore::dataset_at
  void apply_usage(const UsageUpdate& update, std::int64_t now_ms);      // POST /__emulator/usage
  StatsSnapshot stats() const;     // the same data as GET /__emulator/stats
  void set_faults(Api api, Faults faults);
  Faults faults(Api api) const;
  void reset();                    // counters, rate windows, nonces, faults back to the start
  const EmulatorOptions& options() const;  // as effective: default credentials and epoch filled in
  std::size_t open_connections() const;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace qg::emulator
