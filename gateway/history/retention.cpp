#include "gateway/history/retention.hpp"

namespace qg::history {

bool should_record(const std::optional<Sample>& last, const Sample& next, const RetentionPolicy& policy) {
  if (!last) return true;
  if (next.at < last->at) return false;
  const bool changed =
      next.used != last->used || next.remaining != last->remaining || next.total != last->total;
  return changed || next.at - last->at >= policy.heartbeat_seconds;
}

std::int64_t bucket_start(std::int64_t at, std::int64_t bucket_seconds) {
  const std::int64_t offset = ((at % bucket_seconds) + bucket_seconds) % bucket_seconds;
  return at - offset;
}

std::vector<Sample> downsample(std::span<const Sample> samples, std::int64_t now,
                               const RetentionPolicy& policy) {
  const std::int64_t expired_before = now - policy.retention_seconds;
  const std::int64_t thin_before = now - policy.full_resolution_seconds;
  const bool thinning = policy.bucket_seconds > 0;
  std::vector<Sample> kept;
  kept.reserve(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const Sample& sample = samples[i];
    if (sample.at < expired_before) continue;
    if (thinning && sample.at < thin_before && i + 1 < samples.size()) {
      const Sample& next = samples[i + 1];
      // A later old sample of the same bucket speaks for it; the last one wins.
      if (next.at < thin_before &&
          bucket_start(next.at, policy.bucket_seconds) == bucket_start(sample.at, policy.bucket_seconds)) {
        continue;
      }
    }
    kept.push_back(sample);
  }
  return kept;
}

}  // namespace qg::history
