#pragma once
// The per-account cache of complete record sets (design.md §1): fresh for `ttl`, single-flight
// on miss, stale-while-revalidate, stale-if-error. One interface; MemoryCache is the in-process
// implementation, and the Redis mode shares fetched sets across replicas behind the same get().

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "adapters/common/upstream_error.hpp"
#include "gateway/base/clock.hpp"
#include "gateway/cache/policy.hpp"
#include "gateway/cache/record_set.hpp"

namespace qg::cache {


struct FetchOutcome {
  boost::system::result<RecordSetPtr, adapters::UpstreamError> result;
  std::size_t upstream_calls = 0;
  // When the data was really fetched from the provider; set when it came from a shared store
  // (another replica fetched it), empty for "just now".
  std::optional<base::SystemTime> fetched_at;
};

using Fetcher = std::function<boost::asio::awaitable<FetchOutcome>()>;

struct CacheRequest {
  std::string key;                  // the account
  std::optional<Duration> ttl;      // per-account override of CachePolicy::ttl
  bool refresh = false;             // bypass freshness (still single-flight)
  base::SteadyTime deadline;        // the requester waits no longer than this for a fetch
};

// When adding enumerators here, also add them to to_string() in memory_cache.cpp.
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
  std::optional<adapters::UpstreamError> error;
  std::size_t upstream_calls = 0;        // attempts made by the fetch this request waited for
  Duration fresh_for{0};                 // freshness left (for Cache-Control: max-age); 0 when stale
};

// What the cache holds for one key, for /metrics (built at scrape time, never fetching).
struct CacheSnapshot {
  std::string key;
  RecordSetPtr records;  // the last good set, may be null
  std::optional<base::SystemTime> fetched_at;
  std::optional<base::SystemTime> last_success;
  std::optional<adapters::UpstreamError> last_error;  // of the most recent fetch, if it failed
};

/// @par Thread Safety
/// get() and snapshot() may be called concurrently from any thread.
class QuotaCache {
 public:
  virtual ~QuotaCache() = default;
  // Never throws for upstream failures: they come back as kStaleError / kError.
  virtual boost::asio::awaitable<CacheResult> get(CacheRequest request, Fetcher fetch) = 0;
  // A fresh hit, answered synchronously; nullopt for anything that would need get() (the warm
  // path uses it to skip the coroutine machinery when every source is fresh).
  virtual std::optional<CacheResult> peek_fresh(const std::string& key, std::optional<Duration> ttl) const = 0;
  // Whatever can be served now without fetching: the last good set within stale-if-error as
  // kStaleError (carrying `why`), else kError. For answers that cannot wait any longer.
  virtual CacheResult peek_usable(const std::string& key, std::optional<Duration> ttl,
                                  const adapters::UpstreamError& why) const = 0;
  virtual std::vector<CacheSnapshot> snapshot() const = 0;
};

}  // namespace qg::cache
