// Filter, sort and keyset paging. The paging property: for random record sets, queries and page
// sizes, walking every page returns exactly the unpaged sorted result — no duplicate, no gap —
// and records appearing or vanishing between pages never make a page repeat an item.

#include <algorithm>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "gateway/cache/record_set.hpp"
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

// ---- The indexed path: the same pages and records as the plain one --------------------------------

namespace {

// Several accounts' sets with every sortable field, nulls, ties, mixed case, UTF-8 and names that
// end the way ids begin (a `q` must never match across the two).
std::vector<cache::RecordSetPtr> random_sets(std::mt19937_64& rng) {
  static const char* kNames[] = {"Live Traffic package", "LIVE transcode", "口语评测-资源包", "Package 7", "package 7",
                                 "ai-oral", "", "Traffic:Live", "x:acct1", "批改"};
  static const char* kUnits[] = {"bytes", "minutes", "count", "licenses"};
  std::vector<cache::RecordSetPtr> sets;
  const std::size_t accounts = 1 + rng() % 4;
  for (std::size_t a = 0; a < accounts; ++a) {
    auto records = random_records(rng, rng() % 120);
    for (auto& r : records) {
      r.account = "acct" + std::to_string(a);
      r.id = r.provider + ":" + r.account + ":" + r.id.substr(r.id.rfind(':') + 1);
      r.name = kNames[rng() % std::size(kNames)];
      r.unit = kUnits[rng() % std::size(kUnits)];
      if (rng() % 3) r.starts_at = 1760000000 + static_cast<std::int64_t>(rng() % 30) * 86400;
      if (rng() % 2) r.burn_rate_per_day = static_cast<double>(rng() % 50) / 4;
      if (rng() % 2) r.projected_exhaustion_at = 1767225600 + static_cast<std::int64_t>(rng() % 60) * 86400;
      if (rng() % 4 == 0) r.kind = "ai-essay-correction";
      r.details["instance_id"] = r.id;
      r.raw["Id"] = r.id;
    }
    sets.push_back(cache::make_record_set(std::move(records)));
  }
  if (rng() % 3 == 0) sets.push_back(nullptr);  // a source with nothing to serve
  return sets;
}

std::string random_query(std::mt19937_64& rng) {
  static const char* kSorts[] = {"", "sort=name", "sort=-remaining,name", "sort=kind,-expires_at",
                                 "sort=status,-utilization,name", "sort=provider,account,-total", "sort=unit,-used,kind",
                                 "sort=-burn_rate_per_day", "sort=projected_exhaustion_at,-starts_at", "sort=-id",
                                 "sort=account,status,expires_at"};
  static const char* kFilters[] = {"", "q=traffic", "q=LIVE", "q=7", "q=e%20t", "q=%E5%8F%A3", "q=acct1",
                                   "q=age:x", "q=package%207", "status=active,expired", "provider=alibaba-ice",
                                   "kind=ai-oral,live-traffic", "account=acct0,acct2", "min_remaining=100",
                                   "max_utilization=0.5", "expires_before=20d", "expires_after=now",
                                   "exhausts_before=30d", "q=live&status=active&min_remaining=10"};
  std::string q = kSorts[rng() % std::size(kSorts)];
  const std::string f = kFilters[rng() % std::size(kFilters)];
  if (!f.empty()) q += (q.empty() ? "" : "&") + f;
  return q;
}

std::vector<std::string> walk_indexed(const std::vector<cache::RecordSetPtr>& sets, QuotaQuery q,
                                      std::vector<std::string>* tokens) {
  std::vector<std::string> all;
  for (int guard = 0; guard < 10000; ++guard) {
    auto indexed = select_indexed_page(sets, q, kKey);
    auto plain = select_page(candidates(sets), q, kKey);
    EXPECT_TRUE(indexed && plain);
    if (!indexed || !plain) break;
    EXPECT_EQ(ids(indexed->items), ids(plain->items));
    EXPECT_EQ(indexed->total_items, plain->total_items);
    EXPECT_EQ(indexed->next_page_token, plain->next_page_token);  // byte for byte
    for (std::size_t i = 0; i < indexed->items.size() && i < plain->items.size(); ++i) {
      EXPECT_EQ(indexed->items[i].json, plain->items[i].json);
      EXPECT_EQ(indexed->items[i].set, plain->items[i].set);
    }
    for (auto& id : ids(indexed->items)) all.push_back(id);
    if (!indexed->next_page_token) break;
    if (tokens) tokens->push_back(*indexed->next_page_token);
    q.page_token = *indexed->next_page_token;
  }
  return all;
}

}  // namespace

TEST(MergeIndexed, PagesAndTokensEqualThePlainPathForRandomSetsAndQueries) {
  std::mt19937_64 rng(15);
  for (int round = 0; round < 60; ++round) {
    const auto sets = random_sets(rng);
    for (int k = 0; k < 8; ++k) {
      const std::string raw = random_query(rng);
      QuotaQuery q = query(raw);
      const auto all = select_indexed_all(sets, q);
      EXPECT_EQ(ids(all), ids(select_all(candidates(sets), q))) << raw;
      for (std::size_t size : {1, 4, 50}) {
        q.page_size = size;
        EXPECT_EQ(walk_indexed(sets, q, nullptr), ids(all)) << raw << " page_size=" << size;
      }
    }
  }
}

TEST(MergeIndexed, TokensFromEitherPathContinueTheOther) {
  std::mt19937_64 rng(16);
  const auto sets = random_sets(rng);
  QuotaQuery q = query("sort=kind,-remaining,name&page_size=7");
  std::vector<std::string> tokens;
  walk_indexed(sets, q, &tokens);
  for (const auto& t : tokens) {
    q.page_token = t;
    auto indexed = select_indexed_page(sets, q, kKey);
    auto plain = select_page(candidates(sets), q, kKey);
    ASSERT_TRUE(indexed && plain);
    EXPECT_EQ(ids(indexed->items), ids(plain->items));
  }
}

// A token carries values of any type once crafted with the key; both paths order them alike.
TEST(MergeIndexed, CraftedCursorsOfOtherTypesAndNullsCompareAsThePlainPath) {
  std::mt19937_64 rng(17);
  const auto sets = random_sets(rng);
  QuotaQuery q = query("sort=remaining,name&page_size=5");
  const std::vector<std::vector<SortValue>> crafted{{SortValue(), SortValue()},
                                                    {SortValue(std::string("z")), SortValue(std::int64_t{3})},
                                                    {SortValue(2.5), SortValue(std::string("Package 7"))},
                                                    {SortValue(std::int64_t{400}), SortValue()}};
  for (const auto& values : crafted) {
    for (const char* id : {"", "alibaba-ice:acct0:5", "~"}) {
      q.page_token = encode_page_token(Cursor{values, id}, q.fingerprint, kKey);
      auto indexed = select_indexed_page(sets, q, kKey);
      auto plain = select_page(candidates(sets), q, kKey);
      ASSERT_TRUE(indexed && plain);
      EXPECT_EQ(ids(indexed->items), ids(plain->items)) << id;
    }
  }
  q.page_token = "garbage";
  auto refused = select_indexed_page(sets, q, kKey);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().name, "page_token");
}

TEST(MergeIndexed, AQueryNeverMatchesAcrossTheIdAndTheName) {
  adapters::QuotaRecord r;
  r.provider = "tencent-live";
  r.account = "acct0";
  r.id = "tencent-live:acct0:281000";
  r.name = "Traffic";
  const auto set = cache::make_record_set({r});
  const std::vector<cache::RecordSetPtr> sets{set};
  for (const char* q : {"q=000traffic", "q=0%00t", "q=281000", "q=TRAFFIC", "q=affi", "q=tencent-live:acct0:281000"}) {
    const auto plain = select_all(candidates(sets), query(q));
    EXPECT_EQ(ids(select_indexed_all(sets, query(q))), ids(plain)) << q;
  }
  EXPECT_TRUE(select_indexed_all(sets, query("q=000traffic")).empty());
  EXPECT_EQ(select_indexed_all(sets, query("q=affi")).size(), 1u);
}

// Issue 24.8: a 300-character CJK name with sort=name made a next_page_token of ~1,600 bytes,
// over the gateway's own 1,024-byte parameter limit, so paging stopped. Text keys now compare on
// a bounded prefix (then the id): every token parses back, and the walk still serves every
// record exactly once, in the same order on both paths.
TEST(MergeIndexed, LongNamesKeepEveryPageTokenUnderTheParameterLimit) {
  std::mt19937_64 rng(24);
  auto records = random_records(rng, 60);
  std::string long_cjk;
  for (int i = 0; i < 299; ++i) long_cjk += "套";
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto& r = records[i];
    r.account = "acct" + std::to_string(i % 3);
    r.name = long_cjk + (i % 2 ? "甲" : "乙");  // 900 bytes; equal over the compared prefix
    if (i % 5 == 0) r.name = std::string(1000, 'n') + std::to_string(i);
    if (i % 7 == 0) r.name = std::string(200, '"') + "\n" + std::to_string(i);  // escaped in JSON
  }
  const auto sets = std::vector<cache::RecordSetPtr>{cache::make_record_set(std::move(records))};
  static const std::vector<std::string> kAccounts{"acct0", "acct1", "acct2"};
  for (const char* sort : {"sort=name", "sort=-name", "sort=name,-id", "sort=unit,name,kind,account,status,provider,id"}) {
    QuotaQuery q = query(std::string(sort) + "&page_size=4");
    std::vector<std::string> tokens;
    const auto walked = walk_indexed(sets, q, &tokens);
    EXPECT_EQ(walked, ids(select_indexed_all(sets, q))) << sort;
    EXPECT_EQ(std::set<std::string>(walked.begin(), walked.end()).size(), 60u) << sort;
    EXPECT_EQ(tokens.size(), 14u) << sort;
    for (const auto& t : tokens) {
      EXPECT_LE(t.size(), 1024u) << sort;
      EXPECT_TRUE(parse_quota_query(std::string(sort) + "&page_size=4&page_token=" + t, {1767225600, kAccounts}))
          << sort << ": a token of " << t.size() << " bytes";
    }
  }
  EXPECT_EQ(sort_prefix("abc", 448), "abc");
  EXPECT_EQ(sort_prefix(std::string(600, 'a'), 448).size(), 448u);
  EXPECT_EQ(sort_prefix(long_cjk, 448).size(), 447u);  // whole characters: 149 of 3 bytes
  EXPECT_EQ(sort_prefix(std::string(100, '\n'), 448).size(), 74u);  // \u000a: 6 bytes each
  EXPECT_EQ(text_key_limit(query("sort=name").sort), 448u);
  EXPECT_EQ(text_key_limit(query("sort=name,-total,id").sort), 224u);
}

// Native ids longer than 96 bytes (or with bytes JSON escapes) are shortened stably, so a token's
// id stays small too.
TEST(MergeIndexed, LongNativeIdsAreShortenedStably) {
  const std::string native(500, 'x');
  const auto id = adapters::make_record_id("alibaba-ice", "acct", native);
  EXPECT_LE(id.size(), 100u);
  EXPECT_EQ(id, adapters::make_record_id("alibaba-ice", "acct", native));
  EXPECT_NE(id, adapters::make_record_id("alibaba-ice", "acct", native + "y"));
  EXPECT_TRUE(id.starts_with("alibaba-ice:acct:" + std::string(48, 'x') + "~")) << id;
  EXPECT_EQ(adapters::make_record_id("tencent-live", "a", "pkg-123"), "tencent-live:a:pkg-123");
  EXPECT_EQ(adapters::make_record_id("tencent-live", "a", "p\"q").find('"'), std::string::npos);
}
