#pragma once
// CO_TEST(Suite, Name) { ... co_await ...; }: a gtest whose body is a coroutine run on its own
// io_context. A body that does not finish within kMaxTestWait fails instead of hanging CI.

#include <chrono>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

namespace qg::test {

inline constexpr auto kMaxTestWait = std::chrono::seconds(20);

// Runs `body` to completion on `ioc` (a fresh one when null); rethrows its exception; fails the
// test when it takes longer than `limit` of real time.
void run_coroutine(boost::asio::awaitable<void> body, std::chrono::milliseconds limit = kMaxTestWait,
                   boost::asio::io_context* ioc = nullptr);

}  // namespace qg::test

#define CO_TEST(Suite, Name)                                              \
  static boost::asio::awaitable<void> Suite##_##Name##_body();            \
  TEST(Suite, Name) { ::qg::test::run_coroutine(Suite##_##Name##_body()); } \
  static boost::asio::awaitable<void> Suite##_##Name##_body()

// ASSERT_* returns void, which a coroutine cannot: these stop the coroutine instead.
#define CO_ASSERT_TRUE(condition)                              \
  if (!(condition)) {                                          \
    ADD_FAILURE() << "expected true: " #condition;             \
    co_return;                                                 \
  }
#define CO_ASSERT_EQ(a, b)                                     \
  if (!((a) == (b))) {                                         \
    EXPECT_EQ(a, b);                                           \
    co_return;                                                 \
  }
