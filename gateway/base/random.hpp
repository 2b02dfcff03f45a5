#pragma once
// Randomness, injected: backoff jitter and signature nonces. Tests use a fixed sequence.

#include <cstdint>
#include <random>
#include <string>

namespace qg::base {

class Random {
 public:
  virtual ~Random() = default;
  virtual std::uint64_t next_u64() = 0;

  // Uniform in [0, 1).
  double uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // `bytes` random bytes as lower-case hex (a 32-character nonce for 16).
  std::string hex(std::size_t bytes);
};

/// @par Thread Safety
/// next_u64() may be called concurrently: each thread draws from its own engine, seeded from
/// std::random_device, so no lock sits on the request path (request ids, nonces).
class SystemRandom final : public Random {
 public:
  std::uint64_t next_u64() override;
};

}  // namespace qg::base
