// Client budgets in simulated time: a burst, then the rate; denied requests spend nothing;
// clients do not share budgets; the refresh policy is separate and lower; the header values a
// client reads; a policy change keeps what was spent; the table stays bounded; by default only
// the refresh budget applies (request limits are opt-in).

#include <gtest/gtest.h>

#include "gateway/client_limits/limiter.hpp"

namespace {

using namespace qg::client_limits;
using namespace std::chrono_literals;

const TimePoint kT0 = TimePoint(1000s);

ClientLimitPolicy policy(double per_second, int burst) {
  ClientLimitPolicy p;
  p.rate = {per_second, 1s};
  p.burst = burst;
  return p;
}

TEST(ClientLimits, ABurstGoesThroughThenTheRateAndADeniedRequestSpendsNothing) {
  Limiter limiter(policy(10, 20));
  int allowed = 0;
  for (int i = 0; i < 25; ++i) allowed += limiter.take(Which::kRequests, "key:a", kT0).decision.allowed;
  EXPECT_EQ(allowed, 20);
  const auto denied = limiter.take(Which::kRequests, "key:a", kT0);
  EXPECT_FALSE(denied.decision.allowed);
  EXPECT_EQ(denied.decision.retry_after, 100ms);  // one request's refill at 10/s
  EXPECT_EQ(retry_after_seconds(denied.decision), "1");
  // Over ten seconds at 10/s: about 100 more, whatever was denied meanwhile.
  allowed = 0;
  for (int ms = 1; ms <= 10'000; ms += 5) allowed += limiter.take(Which::kRequests, "key:a", kT0 + std::chrono::milliseconds(ms)).decision.allowed;
  EXPECT_GE(allowed, 99);
  EXPECT_LE(allowed, 101);
}

TEST(ClientLimits, ClientsHaveTheirOwnBudgets) {
  Limiter limiter(policy(1, 2));
  EXPECT_TRUE(limiter.take(Which::kRequests, "key:a", kT0).decision.allowed);
  EXPECT_TRUE(limiter.take(Which::kRequests, "key:a", kT0).decision.allowed);
  EXPECT_FALSE(limiter.take(Which::kRequests, "key:a", kT0).decision.allowed);
  EXPECT_TRUE(limiter.take(Which::kRequests, "key:b", kT0).decision.allowed);
  EXPECT_TRUE(limiter.take(Which::kRequests, "addr:192.0.2.1", kT0).decision.allowed);
}

TEST(ClientLimits, RefreshesHaveTheirOwnLowerBudget) {
  Limiter limiter(ClientLimitPolicy{});  // 10/s burst 20; refresh 6/m burst 6
  int refreshes = 0;
  for (int i = 0; i < 20; ++i) refreshes += limiter.take(Which::kRefresh, "key:a", kT0).decision.allowed;
  EXPECT_EQ(refreshes, 6);
  EXPECT_TRUE(limiter.take(Which::kRequests, "key:a", kT0).decision.allowed);  // plain requests still go
  const auto later = limiter.take(Which::kRefresh, "key:a", kT0 + 10s);
  EXPECT_TRUE(later.decision.allowed);  // one every ten seconds
  EXPECT_FALSE(limiter.take(Which::kRefresh, "key:a", kT0 + 11s).decision.allowed);
}

TEST(ClientLimits, ByDefaultOnlyRefreshesAreLimitedAndOptingInAddsTheRequestBudget) {
  Limiter limiter(ClientLimitPolicy{});
  EXPECT_FALSE(limiter.limits_requests());  // a warm answer costs no cloud call: opt-in
  EXPECT_TRUE(limiter.limits_refreshes());  // a refresh spends the cloud's shared rate limit
  auto opted_in = policy(10, 20);
  opted_in.requests = true;
  limiter.set_policy(opted_in);
  EXPECT_TRUE(limiter.limits_requests());
  EXPECT_TRUE(limiter.limits_refreshes());
  opted_in.enabled = false;  // client_limits: { enabled: false }: neither
  limiter.set_policy(opted_in);
  EXPECT_FALSE(limiter.limits_requests());
  EXPECT_FALSE(limiter.limits_refreshes());
}

TEST(ClientLimits, TheHeadersSayTheQuotaTheWindowWhatIsLeftAndWhenItIsBack) {
  Limiter limiter(policy(10, 20));
  auto first = limiter.take(Which::kRequests, "key:a", kT0);
  EXPECT_EQ(first.policy, "\"requests\";q=20;w=2");
  EXPECT_EQ(first.state, "\"requests\";r=19;t=1");
  for (int i = 0; i < 18; ++i) limiter.take(Which::kRequests, "key:a", kT0);
  auto last = limiter.take(Which::kRequests, "key:a", kT0);
  EXPECT_EQ(last.state, "\"requests\";r=0;t=2");
  auto refresh = limiter.take(Which::kRefresh, "key:a", kT0);
  EXPECT_EQ(refresh.policy, "\"refresh\";q=6;w=60");
  EXPECT_EQ(refresh.state, "\"refresh\";r=5;t=10");
}

TEST(ClientLimits, APolicyChangeAppliesAtOnceAndKeepsWhatWasSpent) {
  Limiter limiter(policy(1, 5));
  for (int i = 0; i < 5; ++i) limiter.take(Which::kRequests, "key:a", kT0);
  EXPECT_FALSE(limiter.take(Which::kRequests, "key:a", kT0).decision.allowed);
  limiter.set_policy(policy(1, 10));  // a larger burst: five more right away
  int allowed = 0;
  for (int i = 0; i < 10; ++i) allowed += limiter.take(Which::kRequests, "key:a", kT0).decision.allowed;
  EXPECT_EQ(allowed, 5);
}

TEST(ClientLimits, TheTableStaysBoundedAndForgetsFullBudgetsFirst) {
  auto p = policy(10, 20);
  p.max_clients = 100;
  Limiter limiter(p);
  for (int i = 0; i < 100; ++i) limiter.take(Which::kRequests, "addr:" + std::to_string(i), kT0);
  EXPECT_EQ(limiter.clients(), 100u);
  // Ten seconds later every budget is full again: the 101st client makes room by forgetting them.
  limiter.take(Which::kRequests, "addr:new", kT0 + 10s);
  EXPECT_EQ(limiter.clients(), 1u);
  for (int i = 0; i < 500; ++i) limiter.take(Which::kRequests, "addr:x" + std::to_string(i), kT0 + 10s);
  EXPECT_LE(limiter.clients(), 100u);
}

}  // namespace

namespace {

using namespace qg::client_limits;
using namespace std::chrono_literals;

// Issue 24.7: reaching max_clients used to clear the table, so 100 fresh addresses gave a limited
// client a fresh budget. The least recently seen client goes instead.
TEST(ClientLimits, AFullTableForgetsTheLeastRecentlySeenClientNotEveryone) {
  ClientLimitPolicy p;
  p.rate = {1, 60s};
  p.burst = 1;
  p.max_clients = 100;
  Limiter limiter(p);
  const TimePoint t0 = TimePoint(1000s);
  EXPECT_TRUE(limiter.take(Which::kRequests, "addr:limited", t0).decision.allowed);
  EXPECT_TRUE(limiter.take(Which::kRequests, "addr:gone-quiet", t0).decision.allowed);
  for (int i = 0; i < 300; ++i) {
    // The limited client keeps asking (and keeps being refused) while fresh addresses arrive.
    if (i % 10 == 0) EXPECT_FALSE(limiter.take(Which::kRequests, "addr:limited", t0).decision.allowed) << i;
    limiter.take(Which::kRequests, "addr:fresh-" + std::to_string(i), t0);
    ASSERT_LE(limiter.clients(), 100u);
  }
  EXPECT_FALSE(limiter.take(Which::kRequests, "addr:limited", t0).decision.allowed);
  // The client that stopped asking was the least recently seen: forgotten, so a fresh budget.
  EXPECT_TRUE(limiter.take(Which::kRequests, "addr:gone-quiet", t0).decision.allowed);
  EXPECT_EQ(limiter.clients(), 100u);
}

}  // namespace
