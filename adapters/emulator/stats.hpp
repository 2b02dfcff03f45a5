#pragma once
// What the emulator counts, per API and per credential: requests, data answers, errors by code,
// the most requests that arrived within any rolling second (what a client's pacing is judged on),
// and when the latest calls arrived, on the emulator's own clock (so a test judges a budget over
// the emulator's timeline, not its own). GET /__emulator/stats serves StatsSnapshot::to_json(). Pure.

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "adapters/emulator/faults.hpp"
#include "adapters/emulator/rate_window.hpp"

namespace qg::emulator {

// Requests whose Authorization names no configured credential are counted under this id.
inline constexpr std::string_view kUnknownCredential = "(unknown)";
// How many of the latest calls per API keep their arrival time (call_times_ms).
inline constexpr std::size_t kTimelineCalls = 10000;

struct CredentialStats {
  std::uint64_t requests = 0;  // arrivals attributed to this id, whatever became of them
  std::uint64_t accepted = 0;  // answered with data (HTTP 200, no error envelope)
  std::map<std::string, std::uint64_t> errors;  // by the cloud's error code
  std::uint64_t max_in_any_1s_window = 0;
  // Wall time (Unix s) of the first and last arrival: with rotating credentials, whether an old
  // id was still used after its successor was issued (IdentityStats' issued_at).
  std::int64_t first_used_at = 0, last_used_at = 0;
};

struct ApiStats {
  std::uint64_t calls = 0;  // every request routed to this API, hung ones included
  std::uint64_t accepted = 0;
  std::map<std::string, std::uint64_t> errors;  // injected failures too, under their code
  std::uint64_t hung = 0;                       // calls left unanswered by the hang fault
  std::uint64_t max_in_any_1s_window = 0;       // all credentials together
  std::map<std::string, CredentialStats> credentials;
  // Arrival of each of the latest kTimelineCalls calls, ascending, in ms on the emulator's steady
  // clock since the first call it counted (at any API, since the start or the last reset).
  std::vector<std::int64_t> call_times_ms;
};

struct DatasetSummary {
  std::int64_t epoch = 0;
  std::uint64_t tencent_live = 0, alibaba_ice = 0, alibaba_aicontent = 0;  // records served
};

struct StatsSnapshot {
  std::array<ApiStats, 3> apis;  // indexed by Api
  DatasetSummary dataset;

  const ApiStats& api(Api a) const { return apis[static_cast<std::size_t>(a)]; }
  // {"apis":{"tencent-live":{"calls","accepted","errors":{code:n},"hung","max_in_any_1s_window",
  //   "credentials":{id:{"requests","accepted","errors","max_in_any_1s_window","first_used_at",
  //   "last_used_at"}},"call_times_ms":[ms,...]},...},
  //  "dataset":{"epoch","tencent_live","alibaba_ice","alibaba_aicontent"}}
  boost::json::object to_json() const;
};

// Not thread-safe: the emulator core holds its lock.
class StatsRecorder {
 public:
  // A request arrived for `credential` (already mapped to kUnknownCredential if unknown).
  void arrive(Api api, const std::string& credential, SteadyTime now, std::int64_t now_unix);
  void hung(Api api);
  // How it was answered: error_code "" means data.
  void outcome(Api api, const std::string& credential, std::string_view error_code);
  StatsSnapshot snapshot(const DatasetSummary& dataset) const;
  void reset();

 private:
  struct PerCredential {
    CredentialStats counts;
    ArrivalWindow window;
  };
  struct PerApi {
    ApiStats counts;  // credentials filled in at snapshot time
    ArrivalWindow window;
    std::map<std::string, PerCredential> credentials;
    std::deque<std::int64_t> call_times_ms;
  };
  PerApi& at(Api a) { return apis_[static_cast<std::size_t>(a)]; }
  std::array<PerApi, 3> apis_;
  std::optional<SteadyTime> first_call_;  // the origin of call_times_ms
};

}  // namespace qg::emulator
