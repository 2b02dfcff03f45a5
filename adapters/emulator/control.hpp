#pragma once
// The control plane under /__emulator/, for tests and benchmarks, served only when
// EmulatorOptions::control_plane is set (provider-emulator --control; never in demo mode).
// Unauthenticated on purpose: a loopback tool, never to be exposed, so it answers loopback Host
// names only and refuses writes that carry an Origin (a browser page's request).
//   GET  /__emulator/stats     StatsSnapshot::to_json() plus "identity": IdentityStats::to_json()
//   GET  /__emulator/identity  IdentityStats::to_json(): calls per endpoint, roles, issued credentials
//   POST /__emulator/identity  {"revoke":"<id>"} | {"role":"name","cloud"?} | {"detach":true,"cloud"?}
//   GET  /__emulator/dataset   {"epoch","tencent_live":[[type 0],[type 1],[type 2]],"alibaba_ice":[..],"alibaba_aicontent":[..]}
//   GET  /__emulator/faults    {"tencent-live":{faults},"alibaba-ice":{..},"alibaba-aicontent":{..}}
//   POST /__emulator/faults    {"api":"tencent-live", <faults fields>}: replaces that API's faults
//   POST /__emulator/usage     {"api"?, "consume": f} or {"api"?, "burn_per_hour": f}: use up packages (usage.hpp)
//   POST /__emulator/reset     counters, rate windows, nonces, faults and usage back to the start;
//                              identity counters and the configured role (issued credentials stay)
// The metadata and STS endpoints are not control plane: they are served always (identity_api.hpp).

#include "adapters/emulator/wire.hpp"

namespace qg::emulator {

class EmulatorCore;

WireResponse handle_control(EmulatorCore& core, const WireRequest& request);

}  // namespace qg::emulator
