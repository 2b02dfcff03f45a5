#include <gtest/gtest.h>

#include "adapters/common/time.hpp"
#include "gateway/quotas/query.hpp"

namespace {

using namespace qg::quotas;
using qg::adapters::QuotaStatus;

const std::vector<std::string> kAccounts{"live-prod", "rtc-prod"};
const QueryContext kContext{1767225600 /* 2026-01-01T00:00:00Z */, kAccounts};

QuotaQuery ok(std::string_view raw) {
  auto q = parse_quota_query(raw, kContext);
  EXPECT_TRUE(q) << raw << ": " << (q ? "" : q.error().front().name + " " + q.error().front().reason);
  return q ? *q : QuotaQuery{};
}

std::vector<InvalidParam> bad(std::string_view raw) {
  auto q = parse_quota_query(raw, kContext);
  EXPECT_FALSE(q) << raw;
  return q ? std::vector<InvalidParam>{} : q.error();
}

TEST(QuotaQuery, DefaultsAndTheFastPathFlag) {
  const auto q = ok("");
  EXPECT_TRUE(q.is_default());
  EXPECT_EQ(q.page_size, 100u);
  ASSERT_EQ(q.sort.size(), 1u);
  EXPECT_EQ(q.sort[0].field, "expires_at");
  EXPECT_FALSE(ok("page_size=20").is_default());
  EXPECT_TRUE(ok("format=json").is_default());
  EXPECT_TRUE(ok("refresh=true").is_default());  // refresh changes freshness, not the answer's shape
}

TEST(QuotaQuery, ListParametersAreRepeatableAndCommaSeparated) {
  const auto q = ok("provider=tencent-live,alibaba-ice&provider=alibaba-ice&status=active&status=exhausted,expired&kind=live-traffic");
  EXPECT_EQ(q.providers, (std::vector<std::string>{"tencent-live", "alibaba-ice"}));
  EXPECT_EQ(q.statuses, (std::vector<QuotaStatus>{QuotaStatus::kActive, QuotaStatus::kExhausted, QuotaStatus::kExpired}));
  EXPECT_EQ(q.kinds, (std::vector<std::string>{"live-traffic"}));
  EXPECT_EQ(ok("account=live-prod").accounts, (std::vector<std::string>{"live-prod"}));
}

TEST(QuotaQuery, TimesAreRfc3339OrRelativeToNow) {
  const auto q = ok("expires_before=2026-12-31T00:00:00Z&expires_after=-7d");
  EXPECT_EQ(qg::adapters::format_rfc3339_utc(*q.expires_before), "2026-12-31T00:00:00Z");
  EXPECT_EQ(*q.expires_after, kContext.now_unix - 7 * 86400);
  EXPECT_EQ(*ok("expires_before=30d").expires_before, kContext.now_unix + 30 * 86400);
  EXPECT_EQ(*ok("expires_before=now").expires_before, kContext.now_unix);
  EXPECT_EQ(*ok("expires_before=%2B12h").expires_before, kContext.now_unix + 12 * 3600);
  EXPECT_EQ(*ok("expires_before=2026-01-01T08:00:00%2B08:00").expires_before, kContext.now_unix);
}

TEST(QuotaQuery, EveryBadValueIsNamed) {
  const std::pair<const char*, const char*> cases[] = {
      {"colour=red", "colour"},
      {"provider=aws", "provider"},
      {"account=nobody", "account"},
      {"status=ACTIVE", "status"},
      {"expires_before=tomorrow", "expires_before"},
      {"expires_before=2026-13-01T00:00:00Z", "expires_before"},
      {"min_remaining=lots", "min_remaining"},
      {"max_utilization=1.5", "max_utilization"},
      {"max_utilization=nan", "max_utilization"},
      {"sort=colour", "sort"},
      {"sort=name,-name", "sort"},
      {"page_size=0", "page_size"},
      {"page_size=1001", "page_size"},
      {"page_size=ten", "page_size"},
      {"fields=colour", "fields"},
      {"include=everything", "include"},
      {"format=xml", "format"},
      {"refresh=yes", "refresh"},
      {"page_size=10&page_size=20", "page_size"},
      {"provider=", "provider"},
      {"q=%ZZ", "q"},
      {"q=%C3%28", "q"},
      {"page_token=", "page_token"},
  };
  for (const auto& [raw, name] : cases) {
    const auto errors = bad(raw);
    ASSERT_FALSE(errors.empty()) << raw;
    EXPECT_EQ(errors.front().name, name) << raw;
    EXPECT_FALSE(errors.front().reason.empty()) << raw;
  }
}

TEST(QuotaQuery, BadCombinationsAndManyErrorsAtOnce) {
  const auto combo = bad("expires_after=2026-12-31T00:00:00Z&expires_before=2026-01-31T00:00:00Z");
  ASSERT_EQ(combo.size(), 1u);
  EXPECT_EQ(combo[0].name, "expires_after");
  const auto many = bad("colour=red&page_size=0&status=bogus");
  EXPECT_EQ(many.size(), 3u);
}

TEST(QuotaQuery, SortFieldsProjectionAndRaw) {
  const auto q = ok("sort=-remaining,name&fields=name,expires_at&include=raw&format=csv&q=Traffic");
  ASSERT_EQ(q.sort.size(), 2u);
  EXPECT_TRUE(q.sort[0].descending);
  EXPECT_EQ(q.sort[0].field, "remaining");
  EXPECT_FALSE(q.sort[1].descending);
  EXPECT_EQ(q.fields, (std::vector<std::string>{"name", "expires_at"}));
  EXPECT_TRUE(q.include_raw);
  EXPECT_EQ(q.format, OutputFormat::kCsv);
  EXPECT_EQ(q.q, "traffic");
}

TEST(QuotaQuery, CsvAndNdjsonWithoutPageSizeOrTokenExportEverything) {
  EXPECT_TRUE(ok("format=csv").exports_all(OutputFormat::kCsv));
  EXPECT_TRUE(ok("").exports_all(OutputFormat::kCsv));  // Accept: text/csv
  EXPECT_TRUE(ok("format=ndjson").exports_all(OutputFormat::kNdjson));
  EXPECT_FALSE(ok("format=csv&page_size=100").exports_all(OutputFormat::kCsv));
  EXPECT_FALSE(ok("format=csv&page_token=abc").exports_all(OutputFormat::kCsv));
  EXPECT_FALSE(ok("").exports_all(OutputFormat::kJson));
  EXPECT_TRUE(ok("csv_bom=true").csv_bom);
  EXPECT_FALSE(ok("csv_bom=0").csv_bom);
  EXPECT_EQ(bad("csv_bom=yes").front().name, "csv_bom");
  EXPECT_EQ(bad("format=xml").front().name, "format");
}

TEST(QuotaQuery, FingerprintBindsFiltersAndSortButNotPresentation) {
  EXPECT_EQ(ok("status=active&page_size=5").fingerprint, ok("status=active&fields=name&format=csv").fingerprint);
  EXPECT_EQ(ok("status=active,expired").fingerprint, ok("status=expired&status=active").fingerprint);
  EXPECT_NE(ok("status=active").fingerprint, ok("status=expired").fingerprint);
  EXPECT_NE(ok("sort=name").fingerprint, ok("sort=-name").fingerprint);
  // Relative times bind as written: the token stays valid while "now" moves.
  auto later = kContext;
  later.now_unix += 60;
  EXPECT_EQ(ok("expires_before=30d").fingerprint, parse_quota_query("expires_before=30d", later)->fingerprint);
}

TEST(QuotaQuery, SelectsOnlySourcesTheQueryCanMatch) {
  const auto q = ok("provider=tencent-live");
  EXPECT_TRUE(selects_source(q, "tencent-live", "live-prod"));
  EXPECT_FALSE(selects_source(q, "alibaba-ice", "rtc-prod"));
  EXPECT_TRUE(selects_source(ok(""), "alibaba-ice", "rtc-prod"));
}

TEST(QuotaQuery, Utf8AndPercentDecoding) {
  EXPECT_EQ(percent_decode("a%20b+c%2B"), "a b c+");
  EXPECT_FALSE(percent_decode("%2"));
  EXPECT_FALSE(percent_decode("%G0"));
  EXPECT_TRUE(valid_utf8("口语评测"));
  EXPECT_FALSE(valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(valid_utf8("\xE5\x8F"));          // truncated
  EXPECT_EQ(ok("q=%E5%8F%A3%E8%AF%AD").q, "口语");
}

}  // namespace
