#include "gateway/pools/rate.hpp"

#include <cmath>
#include <numeric>

namespace qg::pools {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;
// Doubles hold integers exactly up to 2^53: a numerator up to there is the estimate itself.
constexpr double kExactLimit = 9007199254740992.0;
// The finest scale keeps seconds (86400e9) times any int64 amount inside 128 bits, which the
// simulation relies on.
constexpr std::int64_t kMaxScale = 1'000'000'000;

}  // namespace

Rate rate_from_per_day(double units_per_day) {
  if (!(units_per_day > 0) || !std::isfinite(units_per_day)) return {0, 1};
  const double value = std::min(units_per_day, kExactLimit);
  std::int64_t scale = 1;
  while (scale < kMaxScale && value * static_cast<double>(scale) * 10 <= kExactLimit) scale *= 10;
  const auto units = static_cast<std::int64_t>(std::llround(value * static_cast<double>(scale)));
  if (units <= 0) return {0, 1};
  const std::int64_t seconds = kSecondsPerDay * scale;
  const std::int64_t common = std::gcd(units, seconds);
  return {units / common, seconds / common};
}

double per_day(const Rate& rate) {
  return static_cast<double>(rate.units) * kSecondsPerDay / static_cast<double>(rate.seconds);
}

}  // namespace qg::pools
