#pragma once
// What to keep of a package's history: every change, a heartbeat while nothing changes, full
// resolution for recent samples and one sample per bucket for older ones. Pure: `now` is an
// argument, so the SQLite store and the tests apply exactly the same rules.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "gateway/history/sample.hpp"

namespace qg::history {

struct RetentionPolicy {
  std::int64_t full_resolution_seconds = 2 * 86400;  // younger samples are never thinned
  std::int64_t bucket_seconds = 3600;                // older ones keep one per bucket; <= 0 disables thinning
  std::int64_t retention_seconds = 180 * 86400;      // older ones are deleted
  std::int64_t heartbeat_seconds = 3600;             // an unchanged package is still recorded this often
  bool operator==(const RetentionPolicy&) const = default;
};

// True when `next` says something `last` does not: a changed counter (a counter becoming unknown
// counts), or the heartbeat has elapsed, so a flat package still proves it was observed and gaps
// in the history mean "not observed". A sample older than `last` is not recorded: the history
// only moves forward.
bool should_record(const std::optional<Sample>& last, const Sample& next, const RetentionPolicy& policy);

// `samples` ascending by `at`. Drops samples with at < now - retention_seconds; keeps every sample
// with at >= now - full_resolution_seconds; of the older ones keeps the LAST of each bucket, so a
// refill inside a bucket still shows its after-state (the level the forecast must continue from).
// Buckets are aligned to the unix epoch, so repeated runs agree and the result is idempotent.
std::vector<Sample> downsample(std::span<const Sample> samples, std::int64_t now,
                               const RetentionPolicy& policy);

// The start of the bucket holding `at` (floor division, also for negative times).
std::int64_t bucket_start(std::int64_t at, std::int64_t bucket_seconds);

}  // namespace qg::history
