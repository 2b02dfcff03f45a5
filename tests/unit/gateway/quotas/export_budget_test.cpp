// The export caps: how many exports stream at once and the memory they hold together (each set
// counted once however many exports share it, plus each export's own rows), given back when an
// export ends, completed or cut.

#include <gtest/gtest.h>

#include "gateway/quotas/export_budget.hpp"

namespace {

using namespace qg;
using quotas::ExportBudget;
using quotas::ExportPolicy;

cache::RecordSetPtr set_of(int records, const std::string& account) {
  adapters::RecordList list;
  for (int i = 0; i < records; ++i) {
    adapters::QuotaRecord r;
    r.id = "tencent-live:" + account + ":" + std::to_string(i);
    r.provider = "tencent-live";
    r.account = account;
    r.kind = "live-traffic";
    r.name = "package " + std::to_string(i);
    r.unit = "bytes";
    adapters::finalize(r);
    list.push_back(std::move(r));
  }
  return cache::make_record_set(std::move(list));
}

ExportPolicy policy(std::size_t max_concurrent, std::size_t max_pinned_bytes) {
  ExportPolicy p;
  p.max_concurrent = max_concurrent;
  p.max_pinned_bytes = max_pinned_bytes;
  return p;
}

TEST(ExportBudget, RefusesPastTheConcurrencyCapUntilAnExportEnds) {
  ExportBudget budget(policy(2, SIZE_MAX));
  const auto set = set_of(10, "a");
  auto first = budget.admit({set}, 100);
  auto second = budget.admit({set}, 100);
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(budget.admit({set}, 100));
  EXPECT_EQ(budget.stats().refused, 1u);
  first.reset();
  EXPECT_TRUE(budget.admit({set}, 100));
}

TEST(ExportBudget, ASetSharedByExportsAndSourcesIsCountedOnce) {
  ExportBudget budget(policy(10, SIZE_MAX));
  const auto a = set_of(50, "a");
  const auto b = set_of(20, "b");
  auto one = budget.admit({a, a, b, nullptr}, 1000);  // a source listed twice, one without a set
  ASSERT_TRUE(one);
  EXPECT_EQ(budget.stats().pinned_bytes, a->bytes() + b->bytes() + 1000);
  auto two = budget.admit({a}, 500);
  ASSERT_TRUE(two);
  EXPECT_EQ(budget.stats().pinned_bytes, a->bytes() + b->bytes() + 1500);
  one.reset();
  EXPECT_EQ(budget.stats().pinned_bytes, a->bytes() + 500);  // b was held by the first only
  two.reset();
  EXPECT_EQ(budget.stats().pinned_bytes, 0u);
  EXPECT_EQ(budget.stats().active, 0u);
}

TEST(ExportBudget, RefusesAnExportThatWouldPinAnotherSetPastTheMemoryCap) {
  const auto old_set = set_of(200, "a");
  const auto refreshed = set_of(200, "a");  // what the cache holds after a refresh
  ExportBudget budget(policy(10, old_set->bytes() + 2000));
  auto slow_reader = budget.admit({old_set}, 1000);
  ASSERT_TRUE(slow_reader);
  // Another reader of the same set costs its own rows only; one of the new set would pin both.
  auto same = budget.admit({old_set}, 1000);
  EXPECT_TRUE(same);
  EXPECT_FALSE(budget.admit({refreshed}, 1000));
  EXPECT_EQ(budget.stats().refused, 1u);
  slow_reader.reset();
  same.reset();
  EXPECT_TRUE(budget.admit({refreshed}, 1000));
}

TEST(ExportBudget, TheFirstExportRunsWhateverItsSize) {
  const auto big = set_of(500, "a");
  ExportBudget budget(policy(4, 1));
  auto only = budget.admit({big}, 1 << 20);
  EXPECT_TRUE(only);
  EXPECT_FALSE(budget.admit({big}, 1));
}

TEST(ExportBudget, CountsExportsThatEndedBeforeTheirLastRowAsCut) {
  ExportBudget budget(policy(4, SIZE_MAX));
  const auto set = set_of(5, "a");
  {
    auto done = budget.admit({set}, 10);
    done->finished();
    auto stalled = budget.admit({set}, 10);
  }
  const auto s = budget.stats();
  EXPECT_EQ(s.completed, 1u);
  EXPECT_EQ(s.cut, 1u);
  EXPECT_EQ(s.active, 0u);
}

}  // namespace
