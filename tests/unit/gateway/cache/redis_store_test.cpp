// The shared fetch over RedisStore, against a real redis-server on loopback: two stores on one
// server stand for two replicas. Counts upstream calls, which is what sharing is for.

#include <boost/asio/this_coro.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "gateway/cache/redis_store.hpp"
#include "gateway/cache/shared_fetch.hpp"
#include "tests/support/co_test.hpp"
#include "tests/support/fixed_random.hpp"
#include "tests/support/redis_server.hpp"

namespace {

using namespace qg;
using namespace std::chrono_literals;
namespace net = boost::asio;

constexpr const char* kPrefix = "qg-test:";

adapters::QuotaRecord record(const std::string& native) {
  adapters::QuotaRecord r;
  r.id = "tencent-live:acct:" + native;
  r.provider = "tencent-live";
  r.account = "acct";
  r.kind = "live-traffic";
  r.unit = "bytes";
  r.total = 100;
  return r;
}

// One replica: its own Redis client, randomness and upstream call counter.
struct Replica {
  Replica(net::any_io_executor ex, const test::RedisServer& server)
      : client(ex, *redis::parse_redis_url(server.url())), store(client, kPrefix) {}

  // Accepts a stored set within the 60 s ttl, or (refresh) only one fetched from now on.
  cache::SharedFetchRequest request(bool refresh = false) {
    cache::SharedFetchRequest r;
    r.key = "acct";
    r.accept_since = refresh ? clock.system_now() : clock.system_now() - 60s;
    r.retention = 120s;
    r.lock_ttl = 10s;
    r.deadline = clock.steady_now() + 10s;
    return r;
  }
  net::awaitable<cache::FetchOutcome> fetch_through(cache::SharedFetchRequest request, cache::Fetcher upstream) {
    cache::SharedFetchDeps deps{store, clock, random, {}};
    co_return co_await cache::shared_fetch(deps, std::move(request), std::move(upstream));
  }
  cache::Fetcher upstream(std::string native) {
    return [this, native]() -> net::awaitable<cache::FetchOutcome> {
      ++upstream_calls;
      co_return cache::FetchOutcome{cache::make_record_set({record(native)}), 1, std::nullopt};
    };
  }

  base::SystemClock clock;
  test::FixedRandom random{{0.25, 0.5, 0.75}};
  redis::Client client;
  cache::RedisStore store;
  int upstream_calls = 0;
};

// Writes what another replica would have stored after fetching at `fetched_at`.
net::awaitable<void> store_as_other_replica(redis::Client& client, const std::string& native,
                                            base::SystemTime fetched_at) {
  const auto set = cache::make_record_set({record(native)});
  std::vector<std::string> command{"SET", std::string(kPrefix) + "set:acct",
                                   cache::encode_shared_set(*set, fetched_at), "PX", "120000"};
  auto r = co_await client.command(command);
  EXPECT_TRUE(r && !r->is_error());
}

net::awaitable<bool> lock_held(redis::Client& client) {
  std::vector<std::string> command{"EXISTS", std::string(kPrefix) + "lock:acct"};
  auto r = co_await client.command(command);
  co_return r && r->integer == 1;
}

TEST(SharedSetCodec, AStoredSetCarriesTheDetailsAndRawTheCompactedSetKeepsAsText) {
  auto r = record("p1");
  r.details = boost::json::object{{"instance_id", "lp-1"}, {"region", "ap-guangzhou"}};
  r.raw = boost::json::object{{"PackageId", "lp-1"}, {"Total", 100}};
  const auto set = cache::make_record_set({r});
  ASSERT_TRUE(set->records[0].details.empty());  // compacted in memory
  const auto at = base::SystemTime(std::chrono::milliseconds(1735787045123));
  const auto stored = cache::decode_shared_set(cache::encode_shared_set(*set, at));
  ASSERT_TRUE(stored.has_value());
  ASSERT_EQ(stored->records->records.size(), 1u);
  EXPECT_EQ(stored->fetched_at, at);
  EXPECT_EQ(stored->records->details_object(0), r.details);
  EXPECT_EQ(stored->records->raw[0], boost::json::serialize(r.raw));
  EXPECT_EQ(stored->records->digest, set->digest);  // the same content on every replica
}

TEST(RedisSharedFetch, WhatOneReplicaFetchedTheOtherServesWithoutCallingUpstream) {
  QG_REQUIRE_REDIS();
  test::RedisServer server;
  test::run_coroutine([&]() -> net::awaitable<void> {
    auto ex = co_await net::this_coro::executor;
    Replica a(ex, server), b(ex, server);
    auto from_a = co_await a.fetch_through(a.request(), a.upstream("p1"));
    auto from_b = co_await b.fetch_through(b.request(), b.upstream("p2"));
    EXPECT_EQ(a.upstream_calls, 1);
    EXPECT_EQ(b.upstream_calls, 0);
    CO_ASSERT_TRUE(from_a.result && from_b.result);
    CO_ASSERT_EQ((*from_b.result)->records.size(), 1u);
    EXPECT_EQ((*from_b.result)->records[0].id, "tencent-live:acct:p1");
    CO_ASSERT_TRUE(from_a.fetched_at && from_b.fetched_at);
    EXPECT_EQ(*from_b.fetched_at, std::chrono::floor<std::chrono::milliseconds>(*from_a.fetched_at));  // stored in ms
    EXPECT_FALSE(co_await lock_held(b.client));
  }());
}

// The race the cold burst over two replicas hit: B looks (miss), A fetches, stores and releases,
// then B takes the free lock. B must look again instead of fetching a second time. A refresh
// asked before the other replica's fetch finished skips the first look, so it shows the second.
TEST(RedisSharedFetch, LockWinnerLooksAgainBeforeFetching) {
  QG_REQUIRE_REDIS();
  test::RedisServer server;
  test::run_coroutine([&]() -> net::awaitable<void> {
    auto ex = co_await net::this_coro::executor;
    Replica b(ex, server);
    const auto finished_after_b_asked = b.clock.system_now() + 1s;
    co_await store_as_other_replica(b.client, "from-a", finished_after_b_asked);
    auto outcome = co_await b.fetch_through(b.request(true), b.upstream("from-b"));
    EXPECT_EQ(b.upstream_calls, 0);
    CO_ASSERT_TRUE(outcome.result);
    EXPECT_EQ((*outcome.result)->records[0].id, "tencent-live:acct:from-a");
    EXPECT_FALSE(co_await lock_held(b.client));  // released, or the next refresh waits lock_ttl
  }());
}

TEST(RedisSharedFetch, RefreshFetchesWhenTheStoredSetIsOlderThanTheRequest) {
  QG_REQUIRE_REDIS();
  test::RedisServer server;
  test::run_coroutine([&]() -> net::awaitable<void> {
    auto ex = co_await net::this_coro::executor;
    Replica a(ex, server), b(ex, server);
    co_await store_as_other_replica(a.client, "old", a.clock.system_now() - 10s);
    auto plain = co_await a.fetch_through(a.request(), a.upstream("new"));
    EXPECT_EQ(a.upstream_calls, 0);  // ten seconds old is fresh for a 60 s ttl
    auto refreshed = co_await a.fetch_through(a.request(true), a.upstream("new"));
    EXPECT_EQ(a.upstream_calls, 1);
    CO_ASSERT_TRUE(plain.result && refreshed.result);
    EXPECT_EQ((*plain.result)->records[0].id, "tencent-live:acct:old");
    EXPECT_EQ((*refreshed.result)->records[0].id, "tencent-live:acct:new");
    // What the refresh fetched is what the other replica now gets.
    auto from_b = co_await b.fetch_through(b.request(), b.upstream("other"));
    EXPECT_EQ(b.upstream_calls, 0);
    CO_ASSERT_TRUE(from_b.result);
    EXPECT_EQ((*from_b.result)->records[0].id, "tencent-live:acct:new");
    EXPECT_FALSE(co_await lock_held(a.client));
  }());
}

}  // namespace
