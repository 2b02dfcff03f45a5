#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "gateway/history/retention.hpp"

namespace {

using qg::history::downsample;
using qg::history::RetentionPolicy;
using qg::history::Sample;
using qg::history::should_record;

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kNow = 1'800'000'000;  // a multiple of 3600, so buckets align with kNow
static_assert(kNow % kHour == 0);

Sample at(std::int64_t when, std::int64_t remaining = 100) {
  return Sample{when, 0, remaining, 100};
}

std::vector<std::int64_t> times(const std::vector<Sample>& samples) {
  std::vector<std::int64_t> result;
  for (const Sample& s : samples) result.push_back(s.at - kNow);
  return result;
}

TEST(ShouldRecord, TheFirstSampleIsRecorded) {
  EXPECT_TRUE(should_record(std::nullopt, at(kNow), {}));
}

TEST(ShouldRecord, AnUnchangedSampleWaitsForTheHeartbeat) {
  const Sample last = at(kNow);
  EXPECT_FALSE(should_record(last, at(kNow + kHour - 1), {}));
  EXPECT_TRUE(should_record(last, at(kNow + kHour), {}));
}

TEST(ShouldRecord, AnyChangedCounterIsRecorded) {
  const Sample last{kNow, 10, 90, 100};
  EXPECT_TRUE(should_record(last, Sample{kNow + 1, 11, 90, 100}, {}));
  EXPECT_TRUE(should_record(last, Sample{kNow + 1, 10, 89, 100}, {}));
  EXPECT_TRUE(should_record(last, Sample{kNow + 1, 10, 90, 200}, {}));
  EXPECT_TRUE(should_record(last, Sample{kNow + 1, std::nullopt, 90, 100}, {}));  // became unknown
  EXPECT_FALSE(should_record(last, Sample{kNow + 1, 10, 90, 100}, {}));
}

TEST(ShouldRecord, AnOlderSampleIsNotRecorded) {
  EXPECT_FALSE(should_record(at(kNow), Sample{kNow - 1, 1, 2, 3}, {}));
}

TEST(Downsample, KeepsEverySampleUpToExactlyTheFullResolutionAge) {
  const std::vector<Sample> samples{at(kNow - 2 * kDay), at(kNow - 2 * kDay + 1), at(kNow - kHour), at(kNow)};
  EXPECT_EQ(downsample(samples, kNow, {}), samples);
}

TEST(Downsample, OlderSamplesKeepTheLastOfEachBucket) {
  const std::int64_t old = -3 * kDay;  // bucket-aligned
  const std::vector<Sample> samples{
      at(kNow + old),         at(kNow + old + 10),         at(kNow + old + kHour - 1),
      at(kNow + old + kHour), at(kNow + old + kHour + 20), at(kNow - kHour)};
  EXPECT_EQ(times(downsample(samples, kNow, {})),
            (std::vector<std::int64_t>{old + kHour - 1, old + kHour + 20, -kHour}));
}

TEST(Downsample, ABucketStraddlingTheFullResolutionEdgeKeepsItsYoungSamples) {
  // kNow - 2 days is a bucket start: the bucket before it is old, the one from it is young.
  const std::int64_t edge = -2 * kDay;
  const std::vector<Sample> samples{at(kNow + edge - 30), at(kNow + edge - 1), at(kNow + edge),
                                    at(kNow + edge + 1)};
  EXPECT_EQ(times(downsample(samples, kNow, {})), (std::vector<std::int64_t>{edge - 1, edge, edge + 1}));

  // Half an hour later the edge is mid-bucket: the old part thins to its last sample only.
  const std::int64_t later = kNow + kHour / 2;
  const std::vector<Sample> straddling{at(later - 2 * kDay - 20), at(later - 2 * kDay - 10),
                                       at(later - 2 * kDay + 5)};
  const auto kept = downsample(straddling, later, {});
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].at, later - 2 * kDay - 10);
  EXPECT_EQ(kept[1].at, later - 2 * kDay + 5);
}

TEST(Downsample, ARefillInsideABucketKeepsTheAfterState) {
  const std::int64_t bucket = kNow - 10 * kDay;
  const std::vector<Sample> samples{at(bucket + 60, 3), at(bucket + 120, 2), at(bucket + 180, 100)};
  const auto kept = downsample(samples, kNow, {});
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].remaining, 100);
}

TEST(Downsample, DropsSamplesOlderThanRetentionButKeepsTheEdge) {
  const std::int64_t edge = kNow - 180 * kDay;
  const std::vector<Sample> samples{at(edge - 1), at(edge), at(kNow)};
  EXPECT_EQ(times(downsample(samples, kNow, {})), (std::vector<std::int64_t>{-180 * kDay, 0}));
}

TEST(Downsample, RunningItAgainChangesNothing) {
  std::vector<Sample> samples;
  for (std::int64_t t = kNow - 200 * kDay; t <= kNow; t += 7 * 60 + 13)
    samples.push_back(at(t, (t / 1000) % 97));
  const auto once = downsample(samples, kNow, {});
  EXPECT_LT(once.size(), samples.size());
  EXPECT_EQ(downsample(once, kNow, {}), once);
}

TEST(Downsample, NonPositiveBucketsDisableThinning) {
  RetentionPolicy policy;
  policy.bucket_seconds = 0;
  const std::vector<Sample> samples{at(kNow - 10 * kDay), at(kNow - 10 * kDay + 1)};
  EXPECT_EQ(downsample(samples, kNow, policy), samples);
}

TEST(Downsample, BucketsAreEpochAlignedForNegativeTimesToo) {
  EXPECT_EQ(qg::history::bucket_start(-1, 3600), -3600);
  EXPECT_EQ(qg::history::bucket_start(-3600, 3600), -3600);
  EXPECT_EQ(qg::history::bucket_start(3599, 3600), 0);
  EXPECT_EQ(qg::history::bucket_start(3600, 3600), 3600);
}

}  // namespace
