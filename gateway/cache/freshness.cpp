#include "gateway/cache/freshness.hpp"

#include <algorithm>

namespace qg::cache {

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::kFresh: return "fresh";
    case Verdict::kServeAndRevalidate: return "serve_and_revalidate";
    case Verdict::kFetch: return "fetch";
    case Verdict::kServeStale: return "serve_stale";
    case Verdict::kFail: return "fail";
  }
  return "fetch";
}

Verdict decide(const CachePolicy& policy, const EntryAges& entry, const Wants& wants) {
  // The caller's own requirement comes first: a refresh or a max_age it cannot meet is fetched,
  // whatever the windows say.
  if (wants.refresh) return Verdict::kFetch;
  if (wants.max_age && (!entry.age || *entry.age > *wants.max_age)) return Verdict::kFetch;
  if (entry.age && *entry.age < wants.ttl) return Verdict::kFresh;
  const bool failed_recently = entry.since_failure && *entry.since_failure < policy.error_ttl;
  if (failed_recently) {
    return usable_after_failure(policy, entry.age, wants.ttl) ? Verdict::kServeStale : Verdict::kFail;
  }
  if (entry.age && *entry.age < wants.ttl + policy.stale_while_revalidate) return Verdict::kServeAndRevalidate;
  return Verdict::kFetch;
}

Duration verdict_holds_for(const CachePolicy& policy, const EntryAges& entry, const Wants& wants) {
  if (wants.refresh || wants.max_age) return Duration{0};
  switch (decide(policy, entry, wants)) {
    case Verdict::kFresh: return wants.ttl - *entry.age;
    case Verdict::kServeStale:
      return std::min(policy.error_ttl - *entry.since_failure, wants.ttl + policy.stale_if_error - *entry.age);
    case Verdict::kFail: return policy.error_ttl - *entry.since_failure;
    case Verdict::kServeAndRevalidate:
    case Verdict::kFetch: return Duration{0};
  }
  return Duration{0};
}

bool usable_after_failure(const CachePolicy& policy, std::optional<Duration> age, Duration ttl) {
  return age && *age < ttl + policy.stale_if_error;
}

Duration retention(const CachePolicy& policy, Duration ttl) {
  return ttl + std::max(policy.stale_while_revalidate, policy.stale_if_error);
}

Duration fresh_for(Duration age, Duration ttl) { return age < ttl ? ttl - age : Duration{0}; }

}  // namespace qg::cache
