#pragma once
// A provider's request limit and the pacing that honours it in every rolling 1-second window.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace qg::ratelimit {

using Duration = std::chrono::steady_clock::duration;

struct RateLimit {
  double requests = 20;                              // this many requests ...
  Duration per = std::chrono::seconds(1);            // ... per this window
  bool operator==(const RateLimit&) const = default;
};

// "20/s", "100/m", "5/1s", "1/500ms"; nullopt on anything else.
std::optional<RateLimit> parse_rate_limit(std::string_view text);
std::string to_string(const RateLimit& limit);

}  // namespace qg::ratelimit
