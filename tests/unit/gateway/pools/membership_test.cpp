#include <gtest/gtest.h>

#include "gateway/pools/membership.hpp"

namespace {

using qg::adapters::QuotaRecord;
using qg::adapters::QuotaStatus;
using qg::pools::DeductionOrder;
using qg::pools::drawable_remaining;
using qg::pools::order_key;
using qg::pools::pool_key;

QuotaRecord record(const char* provider, const char* kind, const char* unit) {
  QuotaRecord r;
  r.id = std::string(provider) + ":prod:1";
  r.provider = provider;
  r.account = "prod";
  r.kind = kind;
  r.unit = unit;
  r.status = QuotaStatus::kActive;
  r.remaining = 10;
  return r;
}

TEST(PoolMembership, TencentPackagesPoolByAccountKindAndUnit) {
  const auto r = record("tencent-live", "live-traffic", "bytes");
  const auto key = pool_key(r, r.details);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->id(), "tencent-live:prod:live-traffic:bytes");
  EXPECT_EQ(key->order, DeductionOrder::kExpiryFirst);
  auto other = record("tencent-live", "live-traffic", "bytes");
  other.account = "staging";
  EXPECT_NE(pool_key(other, other.details)->id(), key->id());
}

TEST(PoolMembership, IceLicenseBatchesAreConcurrencyCapsAndPoolNothing) {
  const auto r = record("alibaba-ice", "ai-rtc-audio", "licenses");
  EXPECT_FALSE(pool_key(r, r.details));
}

TEST(PoolMembership, AicontentPoolsByResourceCatalogCode) {
  auto r = record("alibaba-aicontent", "ai-minutes", "count");
  EXPECT_FALSE(pool_key(r, r.details));  // no catalog code: nothing says what it is deducted with
  r.details["resource_catalog_code"] = "AI_MINUTES";
  const auto key = pool_key(r, r.details);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->id(), "alibaba-aicontent:prod:AI_MINUTES:count");
  EXPECT_TRUE(qg::pools::needs_details(r));
  EXPECT_FALSE(qg::pools::needs_details(record("tencent-live", "live-traffic", "bytes")));
}

TEST(PoolMembership, AnUnknownUnitOrProviderPoolsNothing) {
  const auto r = record("tencent-live", "live-package-type-9", "unknown");
  EXPECT_FALSE(pool_key(r, r.details));
  const auto s = record("some-cloud", "x", "bytes");
  EXPECT_FALSE(pool_key(s, s.details));
}

TEST(PoolMembership, OnlyActivePendingOrUnknownRecordsCanBeDrawnOn) {
  auto r = record("tencent-live", "live-traffic", "bytes");
  EXPECT_EQ(drawable_remaining(r), 10);
  r.status = QuotaStatus::kPending;
  EXPECT_EQ(drawable_remaining(r), 10);
  for (auto s : {QuotaStatus::kExpired, QuotaStatus::kExhausted, QuotaStatus::kFrozen, QuotaStatus::kRefunded}) {
    r.status = s;
    EXPECT_FALSE(drawable_remaining(r));
  }
  r.status = QuotaStatus::kActive;
  r.remaining.reset();
  r.total = 100;
  r.used = 30;
  EXPECT_EQ(drawable_remaining(r), 70);
  r.used.reset();
  EXPECT_FALSE(drawable_remaining(r));
}

TEST(PoolMembership, OrderKeysPutUnknownTimesLast) {
  auto r = record("tencent-live", "live-traffic", "bytes");
  r.starts_at = 100;
  r.expires_at = 200;
  EXPECT_EQ(order_key(r, DeductionOrder::kExpiryFirst), (qg::pools::OrderKey{200, 100}));
  EXPECT_EQ(order_key(r, DeductionOrder::kPurchaseOrder), (qg::pools::OrderKey{100, 200}));
  r.expires_at.reset();
  EXPECT_EQ(order_key(r, DeductionOrder::kExpiryFirst)[0], INT64_MAX);
}

}  // namespace
