#pragma once
// When the refresher fetches an account next: shortly before its cached set expires, jittered so
// accounts do not refresh in lockstep, never more than once per TTL, later after failures
// (exponential backoff, and never while the breaker is open), and slower for an account nobody
// has asked about for a while. Pure: times and the random draw come in as arguments.

#include <chrono>
#include <optional>

namespace qg::refresh {

using Duration = std::chrono::steady_clock::duration;
using TimePoint = std::chrono::steady_clock::time_point;

struct RefreshPolicy {
  bool enabled = true;
  double budget_share = 0.5;                          // of the account's rate limit, for refresh traffic
  Duration max_jitter = std::chrono::seconds(30);     // the spread of leads, at most 10 % of the ttl
  Duration idle_after = std::chrono::hours(1);        // no request and no scrape this long: idle
  Duration idle_interval = std::chrono::minutes(15);  // how often an idle account is refreshed (≥ ttl)
  Duration max_backoff = std::chrono::minutes(30);    // the longest wait after failures
  double stale_after_ttls = 3;                        // QuotaSourceStale: no success for this many ttls
  bool operator==(const RefreshPolicy&) const = default;
};

// What the refresher knows about one account.
struct AccountTimes {
  std::optional<TimePoint> fetched;        // when the cached set was fetched
  std::optional<TimePoint> last_start;     // when this refresher last started a refresh
  Duration last_duration{0};               // how long that one took
  int failures = 0;                        // consecutive failed refreshes
  std::optional<TimePoint> last_failure;
  std::optional<TimePoint> breaker_until;  // the breaker allows no attempt before this
  std::optional<TimePoint> last_activity;  // the last request or scrape that showed this account
};

// How far ahead of expiry a refresh starts: room for a fetch as slow as the last one (twice
// over), plus `jitter01` (uniform in [0, 1)) of the jitter window; at most 0.4 of the ttl.
Duration lead(const RefreshPolicy& policy, Duration ttl, Duration last_duration, double jitter01);

// The wait after `failures` consecutive failed refreshes: ttl, doubling, capped, jittered down
// by up to a quarter so failing accounts do not retry in step.
Duration backoff(const RefreshPolicy& policy, Duration ttl, int failures, double jitter01);

bool idle(const RefreshPolicy& policy, const AccountTimes& times, TimePoint now);

TimePoint next_refresh(const RefreshPolicy& policy, Duration ttl, const AccountTimes& times, TimePoint now,
                       double jitter01);

// What the refresher asks the cache for (max_age): a set fetched within the last moments counts
// as the refresh, anything older is fetched.
Duration wanted_max_age(Duration ttl);

}  // namespace qg::refresh
