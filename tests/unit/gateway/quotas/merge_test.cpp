// Filter, sort and keyset paging. The paging property: for random record sets, queries and page
// sizes, walking every page returns exactly the unpaged sorted result — no duplicate, no gap —
// and records appearing or vanishing between pages never make a page repeat an item.

#include <algorithm>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "gateway/quotas/merge.hpp"

namespace {

using namespace qg;
using namespace qg::quotas;
using adapters::QuotaRecord;
using adapters::QuotaStatus;

constexpr std::string_view kKey = "test page token key";

std::vector<QuotaRecord> random_records(std::mt19937_64& rng, std::size_t n) {
  static const char* kProviders[] = {"tencent-live", "alibaba-ice", "alibaba-aicontent"};
  static const char* kKinds[] = {"live-traffic", "live-transcode", "ai-rtc-audio", "ai-oral"};
  std::vector<QuotaRecord> out;
  for (std::size_t i = 0; i < n; ++i) {
    QuotaRecord r;
    r.provider = kProviders[rng() % 3];
    r.account = "acct" + std::to_string(rng() % 3);
    r.id = r.provider + ":" + r.account + ":" + std::to_string(rng() % 100000) + "-" + std::to_string(i);
    r.kind = kKinds[rng() % 4];
    r.name = "Package " + std::to_string(rng() % 50);  // many equal names: ties must break by id
    r.status = static_cast<QuotaStatus>(rng() % 7);
    if (rng() % 5) r.total = static_cast<std::int64_t>(rng() % 1000) + 1;
    if (r.total && rng() % 4) {
      r.used = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(*r.total + 1));
      r.remaining = *r.total - *r.used;
    }
    if (rng() % 6) r.expires_at = 1767225600 + static_cast<std::int64_t>(rng() % 40) * 86400;  // many ties
    adapters::finalize(r);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<RecordRef> refs(const std::vector<QuotaRecord>& records) {
  std::vector<RecordRef> out;
  for (const auto& r : records) out.push_back({&r, nullptr});
  return out;
}

QuotaQuery query(std::string_view raw) {
  static const std::vector<std::string> kAccounts{"acct0", "acct1", "acct2"};
  auto q = parse_quota_query(raw, {1767225600, kAccounts});
  EXPECT_TRUE(q) << raw;
  return *q;
}

std::vector<std::string> ids(const std::vector<RecordRef>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(i.record->id);
  return out;
}

std::vector<std::string> walk(const std::vector<QuotaRecord>& records, QuotaQuery q) {
  std::vector<std::string> all;
  for (int guard = 0; guard < 10000; ++guard) {
    auto page = select_page(refs(records), q, kKey);
    EXPECT_TRUE(page);
    if (!page) break;
    EXPECT_LE(page->items.size(), q.page_size);
    for (auto& id : ids(page->items)) all.push_back(id);
    if (!page->next_page_token) break;
    q.page_token = *page->next_page_token;
  }
  return all;
}

TEST(Merge, PagesConcatenateToTheUnpagedResultForRandomQueries) {
  std::mt19937_64 rng(7);
  const char* queries[] = {"", "sort=name", "sort=-remaining,name", "sort=utilization,-expires_at",
                           "status=active,expired&sort=-total", "provider=alibaba-ice&sort=kind,-name",
                           "q=package 1&sort=-expires_at", "min_remaining=100&sort=remaining",
                           "max_utilization=0.5&sort=-utilization"};
  for (int round = 0; round < 20; ++round) {
    const auto records = random_records(rng, 1 + rng() % 300);
    for (const char* raw : queries) {
      QuotaQuery q = query(raw);
      q.page_size = 1000;
      auto whole = select_page(refs(records), q, kKey);
      ASSERT_TRUE(whole);
      ASSERT_FALSE(whole->next_page_token);
      const auto expected = ids(whole->items);
      EXPECT_TRUE(std::is_sorted(whole->items.begin(), whole->items.end(), [&](const RecordRef& a, const RecordRef& b) {
        std::vector<SortValue> ka, kb;
        for (const auto& s : q.sort) {
          ka.push_back(sort_value(*a.record, s.field));
          kb.push_back(sort_value(*b.record, s.field));
        }
        return compare_keys(ka, a.record->id, kb, b.record->id, q.sort) < 0;
      }));
      for (std::size_t size : {1, 3, 7, 50}) {
        q.page_size = size;
        const auto paged = walk(records, q);
        EXPECT_EQ(paged, expected) << raw << " page_size=" << size;
        EXPECT_EQ(std::set<std::string>(paged.begin(), paged.end()).size(), paged.size());
      }
    }
  }
}

TEST(Merge, ChangesBetweenPagesNeverRepeatAnItem) {
  std::mt19937_64 rng(11);
  auto records = random_records(rng, 200);
  QuotaQuery q = query("sort=name");
  q.page_size = 25;
  std::vector<std::string> seen;
  for (int page_no = 0; page_no < 100; ++page_no) {
    auto page = select_page(refs(records), q, kKey);
    ASSERT_TRUE(page);
    for (auto& id : ids(page->items)) seen.push_back(id);
    if (!page->next_page_token) break;
    q.page_token = *page->next_page_token;
    // Between requests: some records vanish, new ones appear.
    records.erase(records.begin() + static_cast<std::ptrdiff_t>(rng() % records.size()));
    auto extra = random_records(rng, 3);
    for (auto& r : extra) r.id += "-new" + std::to_string(page_no);
    records.insert(records.end(), extra.begin(), extra.end());
  }
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());
}

TEST(Merge, TokensAreTamperEvidentAndBoundToTheQuery) {
  std::mt19937_64 rng(3);
  const auto records = random_records(rng, 50);
  QuotaQuery q = query("status=active,pending,expired,exhausted,frozen,refunded,unknown&page_size=5");
  auto first = select_page(refs(records), q, kKey);
  ASSERT_TRUE(first && first->next_page_token);
  QuotaQuery other = query("status=active&page_size=5");
  other.page_token = *first->next_page_token;
  auto reused = select_page(refs(records), other, kKey);
  ASSERT_FALSE(reused);
  EXPECT_EQ(reused.error().name, "page_token");
  EXPECT_NE(reused.error().reason.find("different query"), std::string::npos);

  std::string tampered = *first->next_page_token;
  tampered[3] = tampered[3] == 'A' ? 'B' : 'A';
  q.page_token = tampered;
  EXPECT_FALSE(select_page(refs(records), q, kKey));
  q.page_token = *first->next_page_token;
  EXPECT_FALSE(select_page(refs(records), q, "another key"));
  q.page_token = "garbage";
  EXPECT_FALSE(select_page(refs(records), q, kKey));
}

TEST(Merge, FiltersNeverMatchMissingValues) {
  QuotaRecord no_expiry;
  no_expiry.id = "a";
  EXPECT_FALSE(matches(no_expiry, query("expires_before=30d")));
  EXPECT_FALSE(matches(no_expiry, query("min_remaining=0")));
  EXPECT_FALSE(matches(no_expiry, query("max_utilization=1")));
  EXPECT_TRUE(matches(no_expiry, query("")));
  QuotaRecord r;
  r.id = "tencent-live:acct0:281975";
  r.name = "Live Traffic package";
  r.expires_at = 1767225600 + 10 * 86400;
  r.total = 100;
  r.used = 95;
  r.remaining = 5;
  adapters::finalize(r);
  EXPECT_TRUE(matches(r, query("expires_before=30d&expires_after=now")));
  EXPECT_FALSE(matches(r, query("expires_before=5d")));
  EXPECT_TRUE(matches(r, query("q=TRAFFIC")));
  EXPECT_TRUE(matches(r, query("q=281975")));
  EXPECT_FALSE(matches(r, query("min_remaining=6")));
  EXPECT_FALSE(matches(r, query("max_utilization=0.9")));
}

TEST(Merge, NullsSortLastInBothDirections) {
  QuotaRecord a, b, c;
  a.id = "a";
  a.remaining = 5;
  b.id = "b";
  c.id = "c";
  c.remaining = 9;
  const std::vector<QuotaRecord> records{a, b, c};
  for (const char* sort : {"sort=remaining", "sort=-remaining"}) {
    QuotaQuery q = query(sort);
    auto page = select_page(refs(records), q, kKey);
    ASSERT_TRUE(page);
    EXPECT_EQ(ids(page->items).back(), "b") << sort;
  }
}

}  // namespace
