#include "gateway/ratelimit/rate_limit.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "adapters/common/numbers.hpp"

namespace qg::ratelimit {

std::optional<RateLimit> parse_rate_limit(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  const auto parsed = adapters::parse_decimal(text.substr(0, slash));
  if (!parsed || *parsed <= 0 || *parsed > 1e6) return std::nullopt;
  const double requests = *parsed;

  std::string_view window = text.substr(slash + 1);
  std::int64_t amount = 1;
  if (!window.empty() && window.front() >= '0' && window.front() <= '9') {
    auto [ptr, ec] = std::from_chars(window.data(), window.data() + window.size(), amount);
    if (ec != std::errc() || amount <= 0 || amount > 86'400'000) return std::nullopt;
    window.remove_prefix(static_cast<std::size_t>(ptr - window.data()));
  }
  Duration unit;
  if (window == "ms") unit = std::chrono::milliseconds(1);
  else if (window == "s") unit = std::chrono::seconds(1);
  else if (window == "m") unit = std::chrono::minutes(1);
  else if (window == "h") unit = std::chrono::hours(1);
  else return std::nullopt;
  return RateLimit{requests, unit * amount};
}

std::string to_string(const RateLimit& limit) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(limit.per).count();
  std::string count = std::to_string(limit.requests);
  count.erase(count.find_last_not_of('0') + 1);
  if (!count.empty() && count.back() == '.') count.pop_back();
  if (ms == 1000) return count + "/s";
  if (ms == 60000) return count + "/m";
  if (ms % 1000 == 0) return count + "/" + std::to_string(ms / 1000) + "s";
  return count + "/" + std::to_string(ms) + "ms";
}

}  // namespace qg::ratelimit
