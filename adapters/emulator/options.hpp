#pragma once
// What an emulator accepts and serves. The defaults let the gateway's demo mode and a bare
// `provider-emulator` run with no arguments; every default is printed by `--help`.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/emulator/dataset.hpp"

namespace qg::emulator {

// A Tencent SecretId/SecretKey or an Alibaba AccessKeyId/AccessKeySecret.
struct Credential {
  std::string id;
  std::string secret;
};

inline constexpr std::string_view kDefaultInstanceRole = "EmulatorInstanceRole";

struct EmulatorOptions {
  std::vector<Credential> tencent_credentials;  // empty → kDefaultTencentCredential
  std::vector<Credential> alibaba_credentials;  // empty → kDefaultAlibabaCredential
  std::int64_t data_epoch = 0;                  // Unix seconds the dates hang on; 0 → today 00:00 Beijing
  std::uint64_t seed = 20261122;
  DatasetSizes sizes;
  // Requests admitted per rolling second per credential; 0 turns throttling off. Refused
  // requests do not use up the budget (see RateLimiter).
  double tencent_rate_limit = 20;  // the documented DescribeLivePackageInfo limit
  double alibaba_rate_limit = 50;  // not documented by Alibaba; a plausible POP default
  // Throttling.User comes as HTTP 429 from newer POP gateways, 400 from classic ones.
  unsigned alibaba_throttle_status = 429;
  int latency_ms = 0;  // added before every API answer (not the control endpoints)
  // Idle keep-alive connections and slow peers are dropped after this long per read or write.
  std::chrono::milliseconds io_timeout{30000};
  // Temporary credentials from the instance metadata and STS endpoints (identity_api.hpp) live
  // this long; STS ones at most this long (less when DurationSeconds asks for less). Short
  // values make a gateway rotate credentials within a test run.
  std::int64_t temp_credential_ttl_seconds = 3600;
  // The RAM (ECS) and CAM (CVM) role attached to the emulated instance; "" for none (404).
  std::string instance_role = std::string(kDefaultInstanceRole);
  // ECS metadata normal mode: answer GETs without a session token. Off: hardened mode only, as
  // an instance created with HttpTokens=required (a missing token gets 401).
  bool ecs_metadata_imdsv1 = false;
  // The unauthenticated /__emulator/ endpoints (faults, reset, stats, dataset): for tests and
  // benchmarks only. Off by default, so the gateway's demo mode never serves them.
  bool control_plane = false;
};

// Accepted when no credential is configured. Obviously fake on purpose: they must never be
// mistaken for real keys, and the gateway's demo mode and compose file use them.
inline const Credential kDefaultTencentCredential{"AKIDEMULATOR0000000000000000000000TEST",
                                                  "emulator-tencent-secret-key-000000"};
inline const Credential kDefaultAlibabaCredential{"LTAI5tEmulator000000000000", "emulator-alibaba-secret-000000"};

}  // namespace qg::emulator
