#include "gateway/client_limits/bucket.hpp"

#include <algorithm>

namespace qg::client_limits {
namespace {

std::int64_t ceil_seconds(Duration d) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  return ms <= 0 ? 0 : (ms + 999) / 1000;
}

}  // namespace

BucketParams bucket_params(const ratelimit::RateLimit& rate, int burst) {
  const auto interval = std::chrono::duration_cast<Duration>(rate.per / std::max(rate.requests, 1e-9));
  return {std::max(interval, Duration(1)), std::max(burst, 1)};
}

Decision Bucket::take(TimePoint now, const BucketParams& p) {
  const TimePoint tat = tat_ ? std::max(*tat_, now) : now;
  const TimePoint next = tat + p.interval;
  const TimePoint allowed_from = next - p.interval * p.burst;
  Decision d;
  if (now < allowed_from) {
    d.allowed = false;
    d.retry_after = allowed_from - now;
    d.reset = tat - now;
    return d;
  }
  tat_ = next;
  d.remaining = static_cast<int>((now - allowed_from) / p.interval);
  d.reset = next - now;
  return d;
}

std::string policy_item(std::string_view name, const BucketParams& p) {
  const auto window = std::max<std::int64_t>(1, ceil_seconds(p.interval * p.burst));
  return "\"" + std::string(name) + "\";q=" + std::to_string(p.burst) + ";w=" + std::to_string(window);
}

std::string state_item(std::string_view name, const Decision& d) {
  return "\"" + std::string(name) + "\";r=" + std::to_string(d.remaining) + ";t=" + std::to_string(ceil_seconds(d.reset));
}

std::string retry_after_seconds(const Decision& d) {
  return std::to_string(std::max<std::int64_t>(1, ceil_seconds(d.retry_after)));
}

}  // namespace qg::client_limits
