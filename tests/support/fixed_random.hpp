#pragma once
// Randomness for tests: a fixed cycle of values, so jitter and nonces are predictable.

#include <cstdint>
#include <vector>

#include "gateway/base/random.hpp"

namespace qg::test {

class FixedRandom final : public base::Random {
 public:
  // Values are fractions in [0, 1) of the 64-bit range: 0.5 → uniform01() == 0.5.
  explicit FixedRandom(std::vector<double> fractions = {0.5}) : fractions_(std::move(fractions)) {}
  std::uint64_t next_u64() override {
    const double f = fractions_[index_++ % fractions_.size()];
    return static_cast<std::uint64_t>(f * 18446744073709551616.0);
  }

 private:
  std::vector<double> fractions_;
  std::size_t index_ = 0;
};

}  // namespace qg::test

namespace qg::test {

// Distinct, deterministic values (a counter through a mixing function): nonces never repeat, as
// the Alibaba signature checks require, and runs are reproducible.
class CountingRandom final : public base::Random {
 public:
  std::uint64_t next_u64() override {
    std::uint64_t z = (counter_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t counter_ = 0;
};

}  // namespace qg::test
