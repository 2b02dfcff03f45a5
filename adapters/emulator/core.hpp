#pragma once
// Everything the emulator decides, without sockets: routing a request to an API (by X-TC-Action,
// x-acs-action or path, as the real gateways do), fault injection, request statistics and the
// /__emulator control endpoints. Thread-safe: the server calls it from any connection.

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "adapters/emulator/api.hpp"
#include "adapters/emulator/dataset.hpp"

namespace qg::emulator {

enum class Api { kTencentLive, kAlibabaIce, kAlibabaAicontent };
std::string_view api_name(Api api);
std::optional<Api> parse_api(std::string_view name);

struct Faults {
  int latency_ms = 0;
  int fail_every = 0;        // every Nth call fails with fail_code (1: always)
  std::string fail_code = "InternalError";
  unsigned fail_status = 0;  // Alibaba only; 0: 503 for ServiceUnavailable, 500 otherwise
  int truncate_every = 0;    // every Nth call's body is cut in half
  int invalid_json_every = 0;
  bool hang = false;         // accept and never answer
  std::optional<double> rate_limit;  // overrides the configured per-credential limit
};

struct EmulatorOptions {
  std::vector<Credential> tencent_credentials;  // empty → kDefaultTencentCredential
  std::vector<Credential> alibaba_credentials;  // empty → kDefaultAlibabaCredential
  std::int64_t data_epoch = 0;                  // 0 → today 00:00 Beijing time
  std::uint64_t seed = 20261122;
  DatasetSizes sizes;
  double tencent_rate_limit = 20;   // requests/s per SecretId (the documented limit)
  double alibaba_rate_limit = 50;   // requests/s per AccessKeyId
  unsigned alibaba_throttle_status = 429;
  int latency_ms = 0;               // added to every API call
};

inline const Credential kDefaultTencentCredential{"AKIDEMULATOR0000000000000000000000TEST",
                                                  "emulator-tencent-secret-key-000000"};
inline const Credential kDefaultAlibabaCredential{"LTAI5tEmulator000000000000", "emulator-alibaba-secret-000000"};

class EmulatorCore {
 public:
  explicit EmulatorCore(EmulatorOptions options);

  WireResponse handle(const WireRequest& request);
  const Dataset& dataset() const { return data_; }
  boost::json::object stats() const;
  void set_faults(Api api, Faults faults);
  void reset();

 private:
  struct ApiState {
    Faults faults;
    std::uint64_t calls = 0;
    std::uint64_t ok = 0;
    std::map<std::string, std::uint64_t> errors;  // by code
    std::map<std::string, RateWindow> windows;    // by credential
    std::map<std::string, std::uint64_t> by_credential;
  };

  WireResponse control(const WireRequest& request);
  WireResponse call(Api api, const WireRequest& request);
  ApiState& state(Api api) { return apis_[static_cast<std::size_t>(api)]; }

  EmulatorOptions options_;
  Dataset data_;
  mutable std::mutex mutex_;
  std::array<ApiState, 3> apis_;
  NonceStore nonces_;
};

}  // namespace qg::emulator
