// PaidResourceDTO → QuotaRecord (providers.md §3.5): Beijing times to UTC, catalog code as
// kind, open status enumeration, UTF-8 names kept, odd values become nulls.

#include <gtest/gtest.h>

#include "adapters/alibaba_aicontent/mapping.hpp"
#include "adapters/common/json_util.hpp"
#include "adapters/common/time.hpp"
#include "tests/support/test_data.hpp"

namespace {

using namespace qg;
using adapters::QuotaStatus;

boost::json::object body_of(std::string_view fixture) {
  auto v = adapters::json::parse(test::read_test_data(fixture));
  if (!v || !v->is_object()) {
    ADD_FAILURE() << fixture << " is not a JSON object";
    return {};
  }
  return v->as_object();
}

TEST(AlibabaAicontentMapping, OfficialExampleMapsEveryField) {
  const auto page =
      alibaba_aicontent::map_page(body_of("fixtures/alibaba_aicontent/doc_example.json"), "aic-prod");
  EXPECT_EQ(page.total_count, 100);
  EXPECT_EQ(page.next_token, "xxxx-xxx-xxxxx");
  EXPECT_EQ(page.native_items, 1u);
  ASSERT_EQ(page.records.size(), 1u);
  const auto& r = page.records[0];
  EXPECT_EQ(r.id, "alibaba-aicontent:aic-prod:airec-cn-fou41hse8001:AI_ORAL");
  EXPECT_EQ(r.provider, "alibaba-aicontent");
  EXPECT_EQ(r.account, "aic-prod");
  EXPECT_EQ(r.kind, "ai-oral");
  EXPECT_EQ(r.name, "智能批改-资源包 / 口语评测");
  EXPECT_EQ(r.status, QuotaStatus::kActive);
  EXPECT_EQ(r.native_status, "ACTIVE");
  EXPECT_EQ(r.unit, "count");
  EXPECT_EQ(r.total, 10000);
  EXPECT_EQ(r.remaining, 1000);
  EXPECT_EQ(r.used, 9000);  // quantity - remainQuantity
  ASSERT_TRUE(r.utilization);
  EXPECT_NEAR(*r.utilization, 0.9, 1e-12);
  EXPECT_FALSE(r.auto_renew);
  // Beijing 2025-09-01 00:00:00 is 2025-08-31T16:00:00Z.
  ASSERT_TRUE(r.starts_at);
  ASSERT_TRUE(r.expires_at);
  EXPECT_EQ(adapters::format_rfc3339_utc(*r.starts_at), "2025-08-31T16:00:00Z");
  EXPECT_EQ(adapters::format_rfc3339_utc(*r.expires_at), "2025-09-09T16:00:00Z");
  EXPECT_EQ(*r.starts_at, 1756656000);
  EXPECT_EQ(*r.expires_at, 1757433600);
  EXPECT_EQ(r.details.at("instance_id").as_string(), "airec-cn-fou41hse8001");
  EXPECT_EQ(r.details.at("resource_package_code").as_string(), "PRE_PAID_RECOURSE_PACKAGE");
  EXPECT_EQ(r.details.at("resource_catalog_code").as_string(), "AI_ORAL");
  EXPECT_EQ(r.details.at("resource_package_name").as_string(), "智能批改-资源包");
  EXPECT_EQ(r.details.at("resource_catalog_name").as_string(), "口语评测");
  EXPECT_EQ(r.details.size(), 5u);
  // UTF-8 kept byte for byte: 口语评测 is 4 characters, 12 bytes.
  EXPECT_EQ(r.details.at("resource_catalog_name").as_string().size(), 12u);
  EXPECT_EQ(r.raw.at("resourcePackageName").as_string(), "智能批改-资源包");
  EXPECT_EQ(r.raw.at("effectiveTime").as_string(), "2025-09-01 00:00:00");
  EXPECT_EQ(r.raw.size(), 10u);
}

TEST(AlibabaAicontentMapping, StatusWordsMapAndUnknownOnesKeepTheNativeValue) {
  const std::pair<const char*, QuotaStatus> cases[] = {
      {"ACTIVE", QuotaStatus::kActive},
      {"active", QuotaStatus::kActive},
      {"EXPIRED", QuotaStatus::kExpired},
      {"Expired", QuotaStatus::kExpired},
      {"EXHAUSTED", QuotaStatus::kExhausted},
      {"USED_UP", QuotaStatus::kExhausted},
      {"used_up", QuotaStatus::kExhausted},
      {"FROZEN", QuotaStatus::kFrozen},
      {"SUSPENDED", QuotaStatus::kFrozen},
      {"PENDING", QuotaStatus::kPending},
      {"REFUNDED", QuotaStatus::kRefunded},
      {"", QuotaStatus::kUnknown},
      // Undocumented words are not guessed: unknown, the native value kept.
      {"NORMAL", QuotaStatus::kUnknown},
      {"RELEASED", QuotaStatus::kUnknown},
      {"RELEASING", QuotaStatus::kUnknown},
      {"STOPPED", QuotaStatus::kUnknown},
      {"ACTIVATING", QuotaStatus::kUnknown},
      {"ACTIVE ", QuotaStatus::kUnknown},
      {"生效中", QuotaStatus::kUnknown},
  };
  for (const auto& [word, expected] : cases) {
    EXPECT_EQ(alibaba_aicontent::map_status(word), expected) << word;
    boost::json::object o{{"instanceId", "i"}, {"resourceStatus", word}};
    const auto r = alibaba_aicontent::map_resource(o, "a");
    EXPECT_EQ(r.status, expected) << word;
    EXPECT_EQ(r.native_status, word);
  }
}

TEST(AlibabaAicontentMapping, CatalogCodeBecomesAKebabKind) {
  EXPECT_EQ(alibaba_aicontent::kebab("AI_ORAL"), "ai-oral");
  EXPECT_EQ(alibaba_aicontent::kebab("AI_WRITING.V2"), "ai-writing-v2");
  EXPECT_EQ(alibaba_aicontent::kebab("__A  B__"), "a-b");
  EXPECT_EQ(alibaba_aicontent::kebab(""), "");
}

TEST(AlibabaAicontentMapping, OddValuesBecomeNullsNeverInventions) {
  const auto page = alibaba_aicontent::map_page(body_of("fixtures/alibaba_aicontent/odd_values.json"), "a");
  EXPECT_FALSE(page.total_count);  // null
  EXPECT_FALSE(page.next_token);   // absent
  EXPECT_EQ(page.native_items, 4u);
  ASSERT_EQ(page.records.size(), 3u);  // the non-object entry is skipped

  const auto& huge = page.records[0];
  EXPECT_EQ(huge.id, "alibaba-aicontent:a:airec-cn-odd0001:AI_WRITING.V2");
  EXPECT_EQ(huge.kind, "ai-writing-v2");
  EXPECT_EQ(huge.name, "作文批改-资源包");  // no catalog name: the package name alone
  EXPECT_EQ(huge.status, QuotaStatus::kUnknown);
  EXPECT_EQ(huge.native_status, "PARTIALLY_REFUNDED");
  EXPECT_FALSE(huge.total);  // 2^64-1 does not fit int64: null, not wrapped
  EXPECT_EQ(huge.remaining, 5);
  EXPECT_FALSE(huge.used);
  EXPECT_FALSE(huge.utilization);
  EXPECT_FALSE(huge.starts_at);  // month 13
  ASSERT_TRUE(huge.expires_at);
  EXPECT_EQ(adapters::format_rfc3339_utc(*huge.expires_at), "2025-12-31T15:59:59Z");
  EXPECT_EQ(huge.raw.at("quantity").as_uint64(), 18446744073709551615ull);

  const auto& over = page.records[1];
  EXPECT_EQ(over.id, "alibaba-aicontent:a:airec-cn-odd0002");  // no catalog: the instance alone
  EXPECT_EQ(over.kind, "aicontent-resource");
  EXPECT_EQ(over.name, "airec-cn-odd0002");  // no name and no catalog code: the instance id
  EXPECT_EQ(over.status, QuotaStatus::kExpired);
  EXPECT_EQ(over.native_status, "expired");
  EXPECT_EQ(over.total, 10);
  EXPECT_EQ(over.remaining, 20);
  EXPECT_FALSE(over.used);  // remaining above total: no negative usage invented
  EXPECT_FALSE(over.starts_at);
  EXPECT_FALSE(over.expires_at);

  const auto& bare = page.records[2];
  EXPECT_EQ(bare.name, "口语评测");
  EXPECT_EQ(bare.status, QuotaStatus::kUnknown);
  EXPECT_EQ(bare.native_status, "");
  EXPECT_FALSE(bare.total);
  EXPECT_FALSE(bare.remaining);
  EXPECT_FALSE(bare.details.contains("instance_id"));
}

TEST(AlibabaAicontentMapping, UsedIsQuantityMinusRemain) {
  boost::json::object all_used{
      {"instanceId", "i"}, {"resourceCatalogCode", "AI_ORAL"}, {"quantity", 50}, {"remainQuantity", 0}};
  const auto r = alibaba_aicontent::map_resource(all_used, "a");
  EXPECT_EQ(r.used, 50);
  EXPECT_EQ(r.utilization, 1.0);
  boost::json::object as_strings{{"instanceId", "i"}, {"quantity", "3000000000"}, {"remainQuantity", "1"}};
  const auto s = alibaba_aicontent::map_resource(as_strings, "a");
  EXPECT_EQ(s.total, 3000000000);  // beyond int32, as the SDK's types would not allow
  EXPECT_EQ(s.used, 2999999999);
}

TEST(AlibabaAicontentMapping, PageWithoutDataIsEmpty) {
  const auto page =
      alibaba_aicontent::map_page(boost::json::object{{"totalCount", 0}, {"nextToken", ""}}, "a");
  EXPECT_EQ(page.total_count, 0);
  EXPECT_EQ(page.next_token, "");
  EXPECT_EQ(page.native_items, 0u);
  EXPECT_TRUE(page.records.empty());
}

TEST(AlibabaAicontentMapping, NameIsPackageSlashCatalogWithFallbacks) {
  auto name_of = [](boost::json::object o) { return alibaba_aicontent::map_resource(o, "a").name; };
  EXPECT_EQ(name_of({{"resourcePackageName", "智能批改-资源包"}, {"resourceCatalogName", "口语评测"}}),
            "智能批改-资源包 / 口语评测");
  EXPECT_EQ(name_of({{"resourcePackageName", "口语评测"}, {"resourceCatalogName", "口语评测"}}), "口语评测");
  EXPECT_EQ(name_of({{"resourcePackageName", "智能批改-资源包"}}), "智能批改-资源包");
  EXPECT_EQ(name_of({{"resourceCatalogCode", "AI_ORAL"}, {"instanceId", "i-1"}}), "AI_ORAL");
  EXPECT_EQ(name_of({{"instanceId", "i-1"}}), "i-1");
  EXPECT_EQ(name_of({}), "");
}

TEST(AlibabaAicontentMapping, NegativeRemainIsKeptButGivesNoUsage) {
  boost::json::object o{{"instanceId", "i"}, {"quantity", 10}, {"remainQuantity", -3}};
  const auto r = alibaba_aicontent::map_resource(o, "a");
  EXPECT_EQ(r.total, 10);
  EXPECT_EQ(r.remaining, -3);
  EXPECT_FALSE(r.used);
  EXPECT_FALSE(r.utilization);
}

TEST(AlibabaAicontentMapping, BeijingMidnightAndYearEndConvertToUtc) {
  boost::json::object o{
      {"instanceId", "i"}, {"effectiveTime", "2025-01-01 07:59:59"}, {"expireTime", "2026-01-01 00:00:00"}};
  const auto r = alibaba_aicontent::map_resource(o, "a");
  ASSERT_TRUE(r.starts_at);
  ASSERT_TRUE(r.expires_at);
  EXPECT_EQ(adapters::format_rfc3339_utc(*r.starts_at), "2024-12-31T23:59:59Z");
  EXPECT_EQ(adapters::format_rfc3339_utc(*r.expires_at), "2025-12-31T16:00:00Z");
  // A time that names its zone is read with it; a zoneless or malformed other shape is null.
  boost::json::object zoned{{"instanceId", "i"},
                            {"effectiveTime", "2025-09-01T00:00:00Z"},
                            {"expireTime", "2025-09-10T08:00:00+08:00"}};
  const auto z = alibaba_aicontent::map_resource(zoned, "a");
  ASSERT_TRUE(z.starts_at);
  ASSERT_TRUE(z.expires_at);
  EXPECT_EQ(adapters::format_rfc3339_utc(*z.starts_at), "2025-09-01T00:00:00Z");
  EXPECT_EQ(adapters::format_rfc3339_utc(*z.expires_at), "2025-09-10T00:00:00Z");
  boost::json::object bad{
      {"instanceId", "i"}, {"effectiveTime", "2025-09-01T00:00:00"}, {"expireTime", 20250910}};
  const auto b = alibaba_aicontent::map_resource(bad, "a");
  EXPECT_FALSE(b.starts_at);
  EXPECT_FALSE(b.expires_at);
}

TEST(AlibabaAicontentMapping, IndexModeEchoesAreRead) {
  const auto page = alibaba_aicontent::map_page(
      boost::json::object{
          {"totalCount", 45}, {"pageSize", 10}, {"pageIndex", 2}, {"data", boost::json::array{}}},
      "a");
  EXPECT_EQ(page.page_size, 10);
  EXPECT_EQ(page.total_count, 45);
  EXPECT_FALSE(page.next_token);
}

}  // namespace
