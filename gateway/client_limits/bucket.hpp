#pragma once
// One client's budget under one policy: GCRA in its rate-limiting form (a bucket of `burst`
// requests refilled at `rate`), and the IETF RateLimit header values that describe it
// (draft-ietf-httpapi-ratelimit-headers: `RateLimit-Policy: "requests";q=20;w=2`,
// `RateLimit: "requests";r=17;t=1`). Pure: times come in as arguments.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/ratelimit/rate_limit.hpp"

namespace qg::client_limits {

using Clock = std::chrono::steady_clock;
using Duration = Clock::duration;
using TimePoint = Clock::time_point;

struct BucketParams {
  Duration interval{};  // one request's worth of refill: rate.per / rate.requests
  int burst = 1;
};

BucketParams bucket_params(const ratelimit::RateLimit& rate, int burst);

struct Decision {
  bool allowed = true;
  int remaining = 0;       // requests still allowed right now, after this one
  Duration retry_after{};  // when denied: until the next request would be allowed
  Duration reset{};        // until the bucket is full again
};

class Bucket {
 public:
  Decision take(TimePoint now, const BucketParams& params);
  // Full again at `now`: nothing is lost by forgetting this bucket.
  bool full_at(TimePoint now) const { return !tat_ || *tat_ <= now; }

 private:
  std::optional<TimePoint> tat_;  // theoretical arrival time: when the bucket is full again
};

// `"requests";q=20;w=2`: the policy's quota and window (whole seconds, at least 1).
std::string policy_item(std::string_view name, const BucketParams& params);
// `"requests";r=17;t=1`: what is left and when it is all back (whole seconds, rounded up).
std::string state_item(std::string_view name, const Decision& decision);
// Retry-After in whole seconds, at least 1.
std::string retry_after_seconds(const Decision& decision);

}  // namespace qg::client_limits
