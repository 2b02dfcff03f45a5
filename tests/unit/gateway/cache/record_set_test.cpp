// The stored unit: compacted (details and raw as text, the same bytes as the objects gave),
// indexed for the query path, with a digest that follows the content.

#include <gtest/gtest.h>

#include "adapters/common/json_write.hpp"
#include "gateway/cache/record_set.hpp"

namespace {

using namespace qg;

adapters::QuotaRecord record(std::string native, std::string name) {
  adapters::QuotaRecord r;
  r.provider = "alibaba-ice";
  r.account = "rtc";
  r.id = adapters::make_record_id(r.provider, r.account, native);
  r.kind = "ai-rtc-audio";
  r.name = std::move(name);
  r.status = adapters::QuotaStatus::kActive;
  r.native_status = "1";
  r.unit = "licenses";
  r.total = 1000;
  r.used = 250;
  r.remaining = 750;
  r.expires_at = 1790000000;
  r.details["available_capacity"] = 42;
  r.details["instance_id"] = "ice_CoverAILicense_public_cn" + native;
  r.raw["LicenseItemId"] = native;
  r.raw["ValidDays"] = 365;
  r.raw["Nested"] = boost::json::object{{"a", boost::json::array{1, "two", nullptr}}};
  adapters::finalize(r);
  return r;
}

TEST(RecordSet, CompactedRecordsKeepEveryByteAsText) {
  const adapters::RecordList originals{record("9", "口语评测 \"quoted\""), record("10", "Traffic")};
  const auto set = cache::make_record_set(originals);
  ASSERT_EQ(set->records.size(), 2u);
  for (std::size_t row = 0; row < 2; ++row) {
    const auto& compact = set->records[row];
    const auto& original = compact.id == originals[0].id ? originals[0] : originals[1];
    EXPECT_TRUE(compact.details.empty());
    EXPECT_TRUE(compact.raw.empty());
    EXPECT_EQ(set->json[row], adapters::json::serialize(adapters::to_json(original, false)));
    EXPECT_EQ(set->raw[row], adapters::json::serialize(original.raw));
    EXPECT_EQ(set->details(row), adapters::json::serialize(original.details));
    EXPECT_EQ(set->details_object(row), original.details);
    EXPECT_EQ(set->full_json(row), adapters::to_json(original, true));  // what a shared store must keep
  }
  EXPECT_LT(set->records[0].id, set->records[1].id);  // sorted by id
}

TEST(RecordSet, TheDigestFollowsTheContentRawIncluded) {
  const auto a = cache::make_record_set({record("1", "x")});
  const auto b = cache::make_record_set({record("1", "x")});
  EXPECT_EQ(a->digest, b->digest);
  EXPECT_NE(a->generation, b->generation);
  auto other_raw = record("1", "x");
  other_raw.raw["ValidDays"] = 30;
  EXPECT_NE(cache::make_record_set({other_raw})->digest, a->digest);
}

TEST(RecordIndex, ColumnsHoldWhatFiltersAndSortsRead) {
  auto r = record("1", "Mixed CASE name");
  r.total.reset();
  r.burn_rate_per_day = 2.5;
  const auto set = cache::make_record_set({r, record("2", "other")});
  const auto& index = set->index;
  ASSERT_EQ(index.rows(), 2u);
  EXPECT_FALSE(index.integer(0, cache::Field::kTotal));
  EXPECT_EQ(index.integer(0, cache::Field::kRemaining), 750);
  EXPECT_EQ(index.real(0, cache::Field::kBurnRate), 2.5);
  EXPECT_FALSE(index.real(1, cache::Field::kBurnRate));
  EXPECT_EQ(index.value_at(set->records, 0, cache::Field::kKind).text, "ai-rtc-audio");
  EXPECT_EQ(index.value_at(set->records, 0, cache::Field::kStatus).text, "active");
  EXPECT_EQ(index.value_at(set->records, 1, cache::Field::kName).text, "other");
  EXPECT_EQ(index.providers().values, std::vector<std::string>{"alibaba-ice"});
  EXPECT_EQ(index.kinds().mask({"live-traffic"}), std::vector<bool>{false});
  EXPECT_EQ(index.kinds().mask({}), std::vector<bool>{true});
  EXPECT_EQ(cache::field_named("projected_exhaustion_at"), cache::Field::kProjectedExhaustion);
  EXPECT_FALSE(cache::field_named("details"));
}

TEST(RecordIndex, SearchFindsLowercasedIdsAndNamesNeverAcrossThem) {
  const auto set = cache::make_record_set({record("1", "Mixed CASE name"), record("22", "Other")});
  const auto& index = set->index;
  EXPECT_EQ(index.rows_containing("case"), std::vector<std::uint32_t>{0});
  EXPECT_EQ(index.rows_containing("alibaba-ice:rtc:"), (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(index.rows_containing("rtc:22"), std::vector<std::uint32_t>{1});
  EXPECT_TRUE(index.rows_containing("22other").empty());  // the end of an id and the start of a name
  EXPECT_TRUE(index.rows_containing(std::string_view("1\0mixed", 7)).empty());
  EXPECT_TRUE(index.rows_containing("CASE").empty());  // the needle comes lowercased
}

}  // namespace
