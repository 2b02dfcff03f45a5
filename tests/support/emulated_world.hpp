#pragma once
// The gateway's middle layer in simulated time, against the emulator's in-process core: the
// three real adapters for one account each, a RecordCache (optionally over a shared store) and
// the QuotaService, all driven by a SimulatedClock. Shared by the service and refresher tests.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>

#include "gateway/cache/record_cache.hpp"
#include "gateway/quotas/service.hpp"
#include "gateway/ratelimit/local_pacer.hpp"
#include "tests/support/fixed_random.hpp"
#include "tests/support/simulated_clock.hpp"
#include "tests/support/transports.hpp"

namespace qg::test {

inline constexpr std::int64_t kWorldEpoch = 1780243200;  // 2026-06-01T00:00:00+08:00

emulator::EmulatorOptions world_emulator_options(int latency_ms);

// Accounts "live" (tencent-live, 20/s), "rtc" (alibaba-ice, 10/s), "ai" (alibaba-aicontent, 10/s)
// with the emulator's credentials; `alibaba_secret` replaces ICE's secret (a wrong one fails it).
std::vector<quotas::Account> three_accounts(std::string alibaba_secret = emulator::kDefaultAlibabaCredential.secret);
std::vector<quotas::Account> only(std::vector<quotas::Account> accounts, std::string_view name);

// One gateway replica's middle layer. Several replicas may share one transport and one store.
struct Replica {
  Replica(SimulatedClock& clock, adapters::HttpTransport& transport);
  SimulatedClock& clock;
  CountingRandom random;
  ratelimit::LocalPacer pacer{clock};
  adapters::HttpTransport& transport;
  base::TaskGroup tasks;
  std::optional<cache::RecordCache> cache;
  std::optional<quotas::QuotaService> service;

  void start(boost::asio::any_io_executor ex, std::vector<quotas::Account> accounts, cache::CachePolicy policy = {},
             cache::SharedStore* shared = nullptr);
  quotas::CollectRequest request(std::chrono::milliseconds deadline = std::chrono::seconds(5)) const;
};

struct World {
  explicit World(int latency_ms = 0) : transport(clock, world_emulator_options(latency_ms)), replica(clock, transport) {}
  // First, so it outlives the replicas' caches and task groups, which keep I/O objects of it.
  boost::asio::io_context ioc;
  void run(boost::asio::awaitable<void> body) { run_simulated(clock, ioc, std::move(body)); }
  SimulatedClock clock{base::SystemTime(std::chrono::seconds(kWorldEpoch + 3600))};
  EmulatorTransport transport;
  Replica replica;
};

const quotas::SourceData& source_named(const std::vector<quotas::SourceData>& all, std::string_view name);

}  // namespace qg::test
