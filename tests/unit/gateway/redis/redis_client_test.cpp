// The Redis client against a real redis-server started on loopback by the test.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include "gateway/redis/client.hpp"
#include "tests/support/co_test.hpp"
#include "tests/support/redis_server.hpp"

namespace {

using namespace qg;
using namespace std::chrono_literals;
namespace net = boost::asio;

redis::RedisUrl url_of(const test::RedisServer& s) { return *redis::parse_redis_url(s.url()); }

TEST(RedisUrl, Parses) {
  auto u = *redis::parse_redis_url("redis://:s3cret@cache.internal:6380/2");
  EXPECT_EQ(u.host, "cache.internal");
  EXPECT_EQ(u.port, 6380);
  EXPECT_EQ(u.password, "s3cret");
  EXPECT_EQ(u.db, 2);
  EXPECT_EQ(u.display(), "redis://cache.internal:6380/2");  // no password
  EXPECT_EQ(redis::parse_redis_url("redis://localhost")->port, 6379);
  EXPECT_FALSE(redis::parse_redis_url("http://x"));
  EXPECT_FALSE(redis::parse_redis_url("redis://x:99999"));
}

TEST(RedisResp, EncodesAndDecodesIncrementally) {
  EXPECT_EQ(redis::encode_command({"GET", "k"}), "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
  redis::ReplyDecoder d;
  ASSERT_TRUE(d.feed("*2\r\n$3\r\nab"));
  EXPECT_FALSE(*d.next());  // incomplete
  ASSERT_TRUE(d.feed("c\r\n:42\r\n-ERR x\r\n"));
  auto r = *d.next();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->elements.size(), 2u);
  EXPECT_EQ(r->elements[0].str, "abc");
  EXPECT_EQ(r->elements[1].integer, 42);
  EXPECT_TRUE((*d.next())->is_error());
}

TEST(RedisClient, CommandsScriptsAndNoscriptReload) {
  QG_REQUIRE_REDIS();
  test::RedisServer server;
  test::run_coroutine([&]() -> net::awaitable<void> {
    auto ex = co_await net::this_coro::executor;
    redis::Client client(ex, url_of(server));
    std::vector<std::string> set{"SET", "k", std::string("v\0with nul", 10)};
    auto s = co_await client.command(set);
    CO_ASSERT_TRUE(s);
    EXPECT_EQ(s->str, "OK");
    std::vector<std::string> get{"GET", "k"};
    auto g = co_await client.command(get);
    CO_ASSERT_TRUE(g);
    EXPECT_EQ(g->str.size(), 10u);
    std::vector<std::string> missing{"GET", "missing"};
    EXPECT_EQ((co_await client.command(missing))->type, redis::Reply::Type::kNil);
    std::vector<std::string> wrong{"INCR", "k"};
    EXPECT_TRUE((co_await client.command(wrong))->is_error());

    const redis::Script script("return tonumber(ARGV[1]) + 1");
    std::vector<std::string> keys{"x"}, args{"41"};
    auto first = co_await client.eval(script, keys, args);
    CO_ASSERT_TRUE(first);
    EXPECT_EQ(first->integer, 42);
    EXPECT_EQ(client.scripts_loaded(), 1u);
    auto second = co_await client.eval(script, keys, args);
    EXPECT_EQ(second->integer, 42);
    EXPECT_EQ(client.scripts_loaded(), 1u);  // loaded once
    std::vector<std::string> flush{"SCRIPT", "FLUSH"};
    co_await client.command(flush);
    auto third = co_await client.eval(script, keys, args);
    EXPECT_EQ(third->integer, 42);
    EXPECT_EQ(client.scripts_loaded(), 2u);  // reloaded after NOSCRIPT
    EXPECT_EQ(client.connections_opened(), 1u);  // one pooled connection throughout
  }());
}

TEST(RedisClient, GoesDownFailsFastAndRecoversByItself) {
  QG_REQUIRE_REDIS();
  test::RedisServer server;
  std::vector<bool> transitions;
  test::run_coroutine([&]() -> net::awaitable<void> {
    auto ex = co_await net::this_coro::executor;
    redis::ClientOptions options;
    options.retry_interval = 0ms;  // reconnect on the very next command
    redis::Client client(ex, url_of(server), options);
    client.on_state_change([&](bool up) { transitions.push_back(up); });
    std::vector<std::string> ping{"PING"};
    EXPECT_TRUE(co_await client.command(ping));
    server.stop();
    EXPECT_FALSE(co_await client.command(ping));
    EXPECT_FALSE(client.up());
    server.start();
    auto back = co_await client.command(ping);
    EXPECT_TRUE(back);
    EXPECT_TRUE(client.up());
  }());
  EXPECT_EQ(transitions, (std::vector<bool>{false, true}));
}

TEST(RedisClient, ServerThatNeverAnswersTimesOut) {
  test::run_coroutine([&]() -> net::awaitable<void> {
    auto ex = co_await net::this_coro::executor;
    net::ip::tcp::acceptor silent(ex, {net::ip::make_address("127.0.0.1"), 0});  // accepts, never answers
    redis::RedisUrl url;
    url.port = silent.local_endpoint().port();
    redis::ClientOptions options;
    options.timeout = 200ms;
    redis::Client client(ex, url, options);
    std::vector<std::string> ping{"PING"};
    auto r = co_await client.command(ping);
    EXPECT_FALSE(r);
    // Within the retry interval the next command fails at once, without another connect and
    // timeout: the answer says so instead of naming a read that timed out.
    auto again = co_await client.command(ping);
    CO_ASSERT_TRUE(!again);
    EXPECT_NE(again.error().find("retrying later"), std::string::npos) << again.error();
  }());
}

TEST(RedisClient, PasswordAndDatabase) {
  QG_REQUIRE_REDIS();
  test::RedisServer server({"--requirepass", "pw-123"});
  test::run_coroutine([&]() -> net::awaitable<void> {
    auto ex = co_await net::this_coro::executor;
    auto good_url = *redis::parse_redis_url("redis://:pw-123@127.0.0.1:" + std::to_string(server.port()) + "/3");
    redis::Client good(ex, good_url);
    std::vector<std::string> ping{"PING"};
    auto r = co_await good.command(ping);
    CO_ASSERT_TRUE(r);
    EXPECT_EQ(r->str, "PONG");
    auto bad_url = good_url;
    bad_url.password = "nope";
    redis::Client bad(ex, bad_url);
    auto denied = co_await bad.command(ping);
    EXPECT_FALSE(denied);
    if (!denied) {
      EXPECT_EQ(denied.error().find("nope"), std::string::npos);
    }
  }());
}

}  // namespace
