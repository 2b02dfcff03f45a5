#pragma once
// The per-account cache of complete record sets (design.md §1): the one interface the quotas
// service calls. Fresh for `ttl`, single-flight on miss, stale-while-revalidate, stale-if-error,
// failures remembered for error_ttl (freshness.hpp has the rules). With a shared store (Redis)
// plugged in under it, replicas share fetched sets and fetch each account once between them;
// callers do not know whether one is there.

#include <cstdint>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "gateway/base/clock.hpp"
#include "gateway/cache/policy.hpp"
#include "gateway/cache/record_set.hpp"
#include "gateway/problem/problem.hpp"

namespace qg::cache {

struct FetchOutcome {
  boost::system::result<RecordSetPtr, problem::SourceError> result;
  std::size_t upstream_calls = 0;
  // When the data was really fetched from the provider; set when it came from a shared store
  // (another replica fetched it), empty for "just now".
  std::optional<base::SystemTime> fetched_at;
};

using Fetcher = std::function<boost::asio::awaitable<FetchOutcome>()>;

struct CacheRequest {
  std::string key;                  // the account
  std::optional<Duration> ttl;      // per-account override of CachePolicy::ttl
  std::optional<Duration> max_age;  // accept nothing older: fetch first (single-flight)
  bool refresh = false;             // fetch now whatever the age (still single-flight)
  // refresh and max_age only join a fetch already in flight; without one the request is
  // answered as if it had not asked (a refresh the budget did not admit).
  bool join_only = false;
  base::SteadyTime deadline;        // the requester waits no longer than this for a fetch
};

// When adding enumerators here, also add them to to_string() in record_cache.cpp.
enum class CacheState {
  kHit,         // fresh entry, no upstream call
  kFetched,     // fetched for this request (or joined a fetch in flight)
  kStale,       // within stale-while-revalidate: served stale, a background refresh runs
  kStaleError,  // refresh failed or timed out: last good set served, `error` says why
  kError,       // nothing to serve: `error` says why
};

std::string_view to_string(CacheState state);

struct CacheResult {
  CacheState state = CacheState::kError;
  RecordSetPtr records;                  // null only for kError
  std::optional<base::SystemTime> fetched_at;
  std::optional<problem::SourceError> error;
  std::size_t upstream_calls = 0;        // attempts made by the fetch this request waited for
  Duration fresh_for{0};                 // freshness left (for Cache-Control: max-age); 0 when stale
  // From try_get: how long the same call keeps getting this answer if the entry does not change
  // (verdict_holds_for); 0 when it would not (a fetch was started, or asked for).
  Duration holds_for{0};
};

// What the cache holds for one key, for /metrics and the refresher (never fetching).
struct CacheSnapshot {
  std::string key;
  RecordSetPtr records;  // the last good set, may be null
  std::optional<base::SystemTime> fetched_at;
  std::optional<base::SteadyTime> fetched_steady;  // the same instant on the steady clock
  std::optional<base::SystemTime> last_success;
  std::optional<problem::SourceError> last_error;  // of the most recent fetch, if it failed
  std::optional<base::SteadyTime> failed_steady;   // when it failed
  bool fetching = false;                           // a fetch is in flight
};

/// @par Thread Safety
/// Every member may be called concurrently from any thread.
class QuotaCache {
 public:
  virtual ~QuotaCache() = default;
  // Never throws for upstream failures: they come back as kStaleError / kError.
  virtual boost::asio::awaitable<CacheResult> get(CacheRequest request, Fetcher fetch) = 0;
  // The part of get() that needs no waiting, answered synchronously: a fresh hit, a stale set
  // served while a background refresh starts, a failure remembered for error_ttl. nullopt when
  // the caller would have to wait for a fetch (the warm path uses it to skip the coroutine
  // machinery).
  virtual std::optional<CacheResult> try_get(const CacheRequest& request, const Fetcher& fetch) = 0;
  // Whatever can be served now without fetching: the last good set within stale-if-error as
  // kStaleError (carrying `why`), else kError. For answers that cannot wait any longer.
  virtual CacheResult peek_usable(const std::string& key, std::optional<Duration> ttl,
                                  const problem::SourceError& why) const = 0;
  virtual std::vector<CacheSnapshot> snapshot() const = 0;
  virtual std::optional<CacheSnapshot> snapshot(const std::string& key) const = 0;
  // Moves whenever an entry's set or remembered failure changes or an entry goes: what was built
  // from try_get() answers stays true while it does not (and their freshness lasts).
  virtual std::uint64_t version() const = 0;
};

}  // namespace qg::cache
