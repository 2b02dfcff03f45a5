// The refresh arithmetic as plain functions: margins, expiry with skew, the next refresh time.

#include <limits>

#include <gtest/gtest.h>

#include "adapters/credentials/credentials.hpp"

namespace {

using namespace qg::credentials;

constexpr std::int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z

Credentials expiring_at(std::int64_t at) {
  Credentials c;
  c.id = qg::adapters::Secret("STS.id");
  c.secret = qg::adapters::Secret("secret");
  c.token = qg::adapters::Secret("token");
  c.expires_at = at;
  return c;
}

Credentials long_term() {
  Credentials c;
  c.id = qg::adapters::Secret("AKID");
  c.secret = qg::adapters::Secret("secret");
  return c;
}

TEST(CredentialRefresh, MarginIsAQuarterOfTheLifetimeButAtLeastFiveMinutes) {
  EXPECT_EQ(refresh_margin(3600), 900);    // STS default hour: refresh with 15 min left
  EXPECT_EQ(refresh_margin(21600), 5400);  // ECS six hours: 90 min left
  EXPECT_EQ(refresh_margin(600), 300);     // short-lived: the five-minute floor
  EXPECT_EQ(refresh_margin(600, 120), 150);
}

TEST(CredentialRefresh, LongTermKeysNeverNeedRefreshNorExpire) {
  EXPECT_FALSE(needs_refresh(long_term(), kNow, 300));
  EXPECT_FALSE(is_expired(long_term(), std::numeric_limits<std::int64_t>::max(), 30));
}

TEST(CredentialRefresh, NeedsRefreshOnceInsideTheMargin) {
  const auto c = expiring_at(kNow + 3600);
  EXPECT_FALSE(needs_refresh(c, kNow, 900));
  EXPECT_FALSE(needs_refresh(c, kNow + 2699, 900));
  EXPECT_TRUE(needs_refresh(c, kNow + 2700, 900));
  EXPECT_TRUE(needs_refresh(c, kNow + 4000, 900));
}

TEST(CredentialRefresh, ExpiresWhenLessThanTheSkewIsLeft) {
  const auto c = expiring_at(kNow + 100);
  EXPECT_FALSE(is_expired(c, kNow + 99));
  EXPECT_TRUE(is_expired(c, kNow + 100));
  EXPECT_FALSE(is_expired(c, kNow + 69, 30));
  EXPECT_TRUE(is_expired(c, kNow + 70, 30));
}

TEST(CredentialRefresh, RefreshTimeIsExpiryMinusTheMargin) {
  EXPECT_EQ(refresh_time(expiring_at(kNow + 3600), kNow, 300, 10), kNow + 2700);
  EXPECT_EQ(refresh_time(expiring_at(kNow + 21600), kNow, 300, 10), kNow + 16200);
}

TEST(CredentialRefresh, AShortLivedArrivalIsUsedForHalfItsLifeNotRefetchedAtOnce) {
  // 200 s left on arrival is inside the 5-minute margin: asking again at once would hammer the
  // service, so it is used for half its life.
  EXPECT_EQ(refresh_time(expiring_at(kNow + 200), kNow, 300, 10), kNow + 100);
  // A few seconds (a test's, a strict role's): the same, and the minimum interval shrinks too.
  EXPECT_EQ(refresh_time(expiring_at(kNow + 6), kNow, 300, 10), kNow + 3);
  EXPECT_EQ(refresh_margin(6, 300), 3);
  EXPECT_EQ(expiry_skew_for(6, 30), 1);
  EXPECT_EQ(expiry_skew_for(3600, 30), 30);
}

TEST(CredentialRefresh, LongTermKeysAreNeverScheduledForRefresh) {
  EXPECT_EQ(refresh_time(long_term(), kNow, 300, 10), std::numeric_limits<std::int64_t>::max());
}

TEST(CredentialRefresh, CompleteNeedsBothHalvesOfTheKeyPair) {
  EXPECT_TRUE(is_complete(long_term()));
  Credentials half = long_term();
  half.secret = {};
  EXPECT_FALSE(is_complete(half));
}

TEST(CredentialRefresh, SameCredentialMeansTheSameKeyIdAndToken) {
  const Credentials a = expiring_at(kNow + 3600);
  Credentials later_copy = a;
  later_copy.expires_at = kNow + 7200;  // what was fetched, not when it ends, names it
  EXPECT_TRUE(same_credential(a, later_copy));
  Credentials new_token = a;
  new_token.token = qg::adapters::Secret("token-2");  // the same key id reissued with a new token
  EXPECT_FALSE(same_credential(a, new_token));
  Credentials new_id = a;
  new_id.id = qg::adapters::Secret("STS.id-2");
  EXPECT_FALSE(same_credential(a, new_id));
}

}  // namespace
