#pragma once
// Scripted misbehaviour, per emulated API: latency, every-Nth failures, truncated or non-JSON
// bodies, dropped connections, hangs, a lower rate limit. Deterministic: the Nth call after the
// faults were set is what `fail_every` etc. count, so a test knows exactly which call fails.
// Pure.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <boost/json/object.hpp>

namespace qg::emulator {

enum class Api { kTencentLive, kAlibabaIce, kAlibabaAicontent };
inline constexpr std::array<Api, 3> kAllApis{Api::kTencentLive, Api::kAlibabaIce, Api::kAlibabaAicontent};

// "tencent-live", "alibaba-ice", "alibaba-aicontent": the names in the control plane and stats.
std::string_view api_name(Api api);
std::optional<Api> parse_api(std::string_view name);

struct Faults {
  int latency_ms = 0;
  int fail_every = 0;  // every Nth call fails with fail_code (1: the API is down)
  std::string fail_code = "InternalError";
  // Alibaba: the HTTP status of the injected error; 0 picks the usual one for the code (503
  // ServiceUnavailable, 500 InternalError, throttle status for Throttling*, 404 for
  // InvalidAccessKeyId.NotFound, 403 Forbidden*, 400 other client codes, else 500).
  // Tencent: 0 keeps the real HTTP 200 envelope; anything else imitates a broken front end.
  unsigned fail_status = 0;
  int truncate_every = 0;      // every Nth data answer: the JSON cut in half, Content-Length correct
  int invalid_json_every = 0;  // every Nth data answer: an HTML error page with HTTP 200
  int disconnect_every = 0;    // every Nth data answer: full Content-Length, half the body, then close
  bool hang = false;           // every call: read the request, never answer
  std::optional<double> rate_limit = std::nullopt;  // replaces the configured per-credential rate

  bool operator==(const Faults&) const = default;
};

// The JSON body of POST /__emulator/faults: {"api": ..., <Faults fields>}. Absent fields take
// their defaults, so each POST replaces the API's whole fault set; unknown fields are refused
// (a typo must not silently do nothing).
struct FaultsUpdate {
  Api api;
  Faults faults;
};
std::variant<FaultsUpdate, std::string> parse_faults(std::string_view json_body);
boost::json::object to_json(const Faults& faults);

// What happens to the call numbered `n` (1-based, counted since the faults were set).
struct FaultPlan {
  bool hang = false;
  bool fail = false;
  // Applied to data answers only, never to errors.
  bool truncate = false;
  bool invalid_json = false;
  bool disconnect = false;
  std::chrono::milliseconds latency{0};
};
FaultPlan plan_call(const Faults& faults, std::uint64_t n);

unsigned alibaba_fail_status(const Faults& faults, unsigned throttle_status);

}  // namespace qg::emulator
