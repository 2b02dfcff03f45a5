#pragma once
// Everything the emulator decides, without sockets: routing, the three APIs, the identity
// services (instance metadata, STS) and the temporary credentials they issue, the state the APIs
// share (rate windows, nonces), fault injection, statistics and the control endpoints. The
// server turns bytes into WireRequests and WireResponses back into bytes; nothing else.
//
// @par Thread Safety
// All members may be called concurrently from any thread. One mutex guards the counters, rate
// windows, nonces and faults; signature checks and page rendering run outside it. The identity
// state has its own lock (identity.hpp), never taken while the core's is held.

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "adapters/emulator/api.hpp"
#include "adapters/emulator/dataset.hpp"
#include "adapters/emulator/faults.hpp"
#include "adapters/emulator/identity.hpp"
#include "adapters/emulator/nonce_store.hpp"
#include "adapters/emulator/options.hpp"
#include "adapters/emulator/rate_window.hpp"
#include "adapters/emulator/stats.hpp"
#include "adapters/emulator/usage.hpp"
#include "adapters/emulator/wire.hpp"

namespace qg::emulator {

class EmulatorCore {
 public:
  // Fills in the defaults (credentials, epoch) and builds the dataset.
  explicit EmulatorCore(EmulatorOptions options);

  // The answer to one request that arrived at `now`.
  WireResponse handle(const WireRequest& request, const Instant& now);

  // What is served now (usage applied); the seeded data until usage was changed.
  std::shared_ptr<const Dataset> dataset() const;
  std::string dataset_json() const;  // GET /__emulator/dataset
  // What was served at `wall_ms` under the usage in force (a burn started in the past, e.g.):
  // demo mode builds its simulated history from it.
  std::shared_ptr<const Dataset> dataset_at(std::int64_t wall_ms) const;
  // Uses up part of every package now, or from now on at a rate (usage.hpp).
  void apply_usage(const UsageUpdate& update, std::int64_t now_ms);
  const EmulatorOptions& options() const { return options_; }
  StatsSnapshot stats() const;
  // Roles, sessions and issued credentials: GET /__emulator/stats reports it under "identity",
  // POST /__emulator/identity revokes and detaches through it, tests read issued ids from it.
  IdentityState& identity() { return identity_; }
  const IdentityState& identity() const { return identity_; }
  // Replaces the API's faults and restarts their call count (fail_every counts from here).
  void set_faults(Api api, Faults faults);
  Faults faults(Api api) const;
  // Counters, rate windows, nonces, faults and usage back to their start; identity counters and
  // the configured role too (issued credentials stay: IdentityState::reset).
  void reset();

 private:
  struct ApiState {
    Faults faults;
    std::uint64_t calls_since_faults = 0;
    std::map<std::string, RateLimiter> limiters;  // by verified credential
  };

  WireResponse call(Api api, const WireRequest& request, const Instant& now);
  // The credential id a request is counted under: the one it names when that is configured or
  // was issued for the API's cloud, else kUnknownCredential.
  std::string attribute(Api api, const WireRequest& request) const;
  Admission admit(Api api, const WireRequest& request, const Instant& now) const;
  WireResponse admit_and_serve(Api api, const WireRequest& request, const Instant& now, double rate);
  WireResponse injected_failure(Api api, const Faults& faults, const WireRequest& request) const;
  const std::vector<Credential>& credentials(Api api) const;
  ApiState& state(Api api) { return apis_[static_cast<std::size_t>(api)]; }

  // A steady burn: `per_hour` of every total (of every pool's total, drawn in deduction order,
  // when `in_order`), counted from `since_ms` on top of `base`.
  struct Burn {
    double per_hour = 0;
    std::int64_t since_ms = 0;
    bool in_order = false;
  };
  std::shared_ptr<const Dataset> current(std::int64_t now_ms) const;  // under mutex_

  EmulatorOptions options_;
  IdentityState identity_;
  std::shared_ptr<const Dataset> seeded_;
  std::shared_ptr<const Dataset> base_;  // seeded, plus every one-shot consume and baked-in burn
  std::array<Burn, 3> burns_{};
  DatasetSummary summary_;
  mutable std::mutex mutex_;
  std::array<ApiState, 3> apis_;
  StatsRecorder stats_;
  NonceStore nonces_;
};

}  // namespace qg::emulator
