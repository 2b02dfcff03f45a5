#include "gateway/refresh/schedule.hpp"

#include <algorithm>

namespace qg::refresh {
namespace {

Duration scale(Duration d, double f) { return std::chrono::duration_cast<Duration>(d * f); }

}  // namespace

Duration lead(const RefreshPolicy& policy, Duration ttl, Duration last_duration, double jitter01) {
  const Duration window = std::min(policy.max_jitter, ttl / 10);
  return std::min(scale(ttl, 0.4), last_duration * 2 + scale(window, jitter01));
}

Duration backoff(const RefreshPolicy& policy, Duration ttl, int failures, double jitter01) {
  const int doublings = std::clamp(failures - 1, 0, 20);
  const Duration grown = std::min(policy.max_backoff, std::max(ttl, Duration{1}) * (std::int64_t{1} << doublings));
  return grown - scale(grown / 4, jitter01);
}

bool idle(const RefreshPolicy& policy, const AccountTimes& times, TimePoint now) {
  return times.last_activity && now - *times.last_activity >= policy.idle_after;
}

TimePoint next_refresh(const RefreshPolicy& policy, Duration ttl, const AccountTimes& times, TimePoint now,
                       double jitter01) {
  TimePoint due = now;
  if (times.fetched) due = *times.fetched + ttl - lead(policy, ttl, times.last_duration, jitter01);
  if (idle(policy, times, now) && times.fetched) due = std::max(due, *times.fetched + std::max(ttl, policy.idle_interval));
  // The budget: one full fetch per ttl, however early the lead would start it.
  if (times.last_start) due = std::max(due, *times.last_start + ttl);
  if (times.failures > 0 && times.last_failure) {
    due = std::max(due, *times.last_failure + backoff(policy, ttl, times.failures, jitter01));
  }
  if (times.breaker_until) due = std::max(due, *times.breaker_until);
  return std::max(due, now);
}

Duration wanted_max_age(Duration ttl) {
  // At its due time the set being replaced is at least 0.6 ttl old (the lead is at most 0.4
  // ttl); a set younger than half the ttl was fetched since, by another replica's refresher or
  // a client's refresh: adopt it instead of fetching again. Replicas' due times differ by less
  // than that, so between them they fetch once per ttl.
  return ttl / 2;
}

}  // namespace qg::refresh
