#pragma once
// The cache's freshness rules as one function of ages and windows, so every caller (a request, the
// refresher, a replica looking at the shared store) decides the same way. Pure.
//
//   age <  ttl                     fresh: serve, no upstream call
//   ttl <= age < ttl + swr         serve stale now, refresh behind (stale-while-revalidate)
//   a fetch failed                 serve the last set while age < ttl + stale_if_error, else the error;
//                                  for error_ttl after a failure, answer that way without a new attempt
//   age >= ttl + max(swr, sie)     nothing worth keeping (retention: how long stores keep a set)
//
// A caller may ask for newer data than ttl allows (max_age, refresh): then anything older is
// fetched first.

#include <optional>

#include "gateway/cache/policy.hpp"

namespace qg::cache {

struct EntryAges {
  std::optional<Duration> age;            // of the last good set; none: never fetched
  std::optional<Duration> since_failure;  // since the last failed fetch, when it came after that set
};

struct Wants {
  Duration ttl;                      // the account's ttl (per-account override applied)
  std::optional<Duration> max_age;   // the caller accepts nothing older (0 with refresh)
  bool refresh = false;              // the caller wants a fetch that starts now
};

// When adding enumerators here, also add them to to_string() in freshness.cpp.
enum class Verdict {
  kFresh,              // serve the set as it is
  kServeAndRevalidate, // serve the set, start a fetch in the background
  kFetch,              // wait for a fetch (start one or join the one in flight)
  kServeStale,         // a recent fetch failed: serve the last set with that error, no new attempt
  kFail,               // a recent fetch failed and nothing is usable: answer the error, no new attempt
};

std::string_view to_string(Verdict verdict);

Verdict decide(const CachePolicy& policy, const EntryAges& entry, const Wants& wants);

// How much longer decide() keeps giving this verdict while the entry does not change (its ages
// only grow): the freshness left for kFresh; for kServeStale and kFail, until error_ttl ends
// (or, serving stale, stale-if-error runs out). 0 for a verdict that changes the entry (a fetch
// starts), and for a caller's own max_age or refresh.
Duration verdict_holds_for(const CachePolicy& policy, const EntryAges& entry, const Wants& wants);

// After a fetch failed: whether the last set may still be served (stale-if-error).
bool usable_after_failure(const CachePolicy& policy, std::optional<Duration> age, Duration ttl);

// How long a set is worth keeping anywhere (in memory and in a shared store).
Duration retention(const CachePolicy& policy, Duration ttl);

// Freshness left, for Cache-Control: max-age; 0 when stale.
Duration fresh_for(Duration age, Duration ttl);

}  // namespace qg::cache
