#pragma once
// The three emulated APIs as functions of (request, context). The context carries the state
// they share (credentials, data, rate windows, nonces); EmulatorCore owns it and serializes
// access, so these functions stay free of locking and I/O.

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "adapters/emulator/dataset.hpp"
#include "adapters/emulator/verify_tc3.hpp"
#include "adapters/emulator/wire.hpp"

namespace qg::emulator {

// Arrivals of one credential within the last second, and the most ever seen in one second.
class RateWindow {
 public:
  // Records an arrival; returns how many arrived in the second ending now (this one included).
  std::size_t arrive(std::chrono::steady_clock::time_point now);
  std::size_t max_in_any_second() const { return max_; }

 private:
  std::deque<std::chrono::steady_clock::time_point> arrivals_;
  std::size_t max_ = 0;
};

// Nonces seen in the last 15 minutes (ACS3 anti-replay), bounded.
class NonceStore {
 public:
  // False when the nonce was already used.
  bool use(const std::string& nonce, std::int64_t now_unix);
  void clear() { seen_.clear(); }

 private:
  std::map<std::string, std::int64_t> seen_;
};

struct ApiContext {
  const Dataset& data;
  const std::vector<Credential>& credentials;
  std::int64_t now_unix;
  std::chrono::steady_clock::time_point now_steady;
  std::map<std::string, RateWindow>& windows;  // by credential id
  double rate_limit;                           // requests per second per credential
  NonceStore* nonces = nullptr;                // Alibaba only
  unsigned throttle_status = 429;              // Alibaba only: 400 on classic POP gateways
  std::string credential;                      // out: the verified credential id, for stats
};

WireResponse handle_tencent_live(const WireRequest& request, ApiContext& context);
WireResponse handle_alibaba_ice(const WireRequest& request, ApiContext& context);
WireResponse handle_alibaba_aicontent(const WireRequest& request, ApiContext& context);

// Error bodies in each cloud's envelope, also used for injected faults.
WireResponse tencent_error(std::string_view code, std::string_view message);
WireResponse pop_error(unsigned status, std::string_view code, std::string_view message, std::string_view host);
// The ACS3 checks both Alibaba APIs share: signature, nonce, throttling. nullopt: go on.
std::optional<WireResponse> alibaba_gate(const WireRequest& request, ApiContext& context, std::string_view host);

}  // namespace qg::emulator
