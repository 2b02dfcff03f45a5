#pragma once
// How long a fetched record set is served, and how: the one home of the cache's defaults
// (design.md §4). Pure.

#include <chrono>
#include <cstddef>

namespace qg::cache {

using Duration = std::chrono::steady_clock::duration;

struct CachePolicy {
  Duration ttl = std::chrono::seconds(60);
  Duration stale_while_revalidate = std::chrono::seconds(30);  // after ttl: serve stale, refresh behind
  Duration stale_if_error = std::chrono::hours(1);             // after ttl: serve stale when refresh fails
  // After a failed fetch, requests are answered at once (stale or error) for this long instead
  // of each waiting for a new attempt: an outage costs one attempt per error_ttl, not one per
  // request.
  Duration error_ttl = std::chrono::seconds(5);
  std::size_t max_entries = 4096;  // least recently used entries beyond are dropped
  bool operator==(const CachePolicy&) const = default;
};

}  // namespace qg::cache
