#include "gateway/base/cpu_pool.hpp"

#include <future>
#include <stdexcept>
#include <thread>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <gtest/gtest.h>

#include "tests/support/simulated_clock.hpp"

namespace {

namespace net = boost::asio;
using qg::base::CpuPool;
using qg::test::SimulatedClock;

TEST(CpuPool, RunsTheWorkOnAWorkerAndResumesTheCallerOnItsOwnExecutor) {
  SimulatedClock clock;
  CpuPool pool(clock, 2);
  net::io_context ioc;
  const auto caller_thread = std::this_thread::get_id();
  std::thread::id worker_thread;
  bool resumed_home = false;
  std::optional<int> result;
  auto body = [&]() -> net::awaitable<void> {
    result = co_await pool.run([&] {
      worker_thread = std::this_thread::get_id();
      return 42;
    });
    resumed_home = std::this_thread::get_id() == caller_thread && (co_await net::this_coro::executor) == ioc.get_executor();
  };
  net::co_spawn(ioc, body(), net::detached);
  ioc.run();
  EXPECT_EQ(result, 42);
  EXPECT_NE(worker_thread, caller_thread);
  EXPECT_NE(worker_thread, std::thread::id());
  EXPECT_TRUE(resumed_home);
  const auto s = pool.stats();
  EXPECT_EQ(s.done, 1u);
  EXPECT_EQ(s.queued + s.running, 0u);
}

TEST(CpuPool, AJobWhoseDeadlineHasPassedIsAbandonedUnrun) {
  SimulatedClock clock;
  CpuPool pool(clock, 1);
  net::io_context ioc;
  bool ran = false;
  std::optional<std::optional<int>> result;
  auto body = [&]() -> net::awaitable<void> {
    result = co_await pool.run(
        [&] {
          ran = true;
          return 1;
        },
        clock.steady_now());  // due now: already too late
  };
  net::co_spawn(ioc, body(), net::detached);
  ioc.run();
  ASSERT_TRUE(result.has_value());
  EXPECT_FALSE(result->has_value());
  EXPECT_FALSE(ran);
  EXPECT_EQ(pool.stats().abandoned, 1u);
  EXPECT_EQ(pool.stats().done, 0u);
}

TEST(CpuPool, AJobWhoseCallerWasCancelledWhileItWaitedIsAbandonedAndTheCallerStillResumes) {
  SimulatedClock clock;
  CpuPool pool(clock, 1);
  net::io_context ioc;
  std::promise<void> release;
  auto released = release.get_future();
  bool second_ran = false;
  std::optional<bool> first, second;
  net::cancellation_signal cancel_second;
  // The only worker is held by the first job until the second one is queued and cancelled.
  auto hold = [&]() -> net::awaitable<void> {
    first = co_await pool.run_job([&] { released.wait(); });
  };
  auto queued = [&]() -> net::awaitable<void> {
    second = co_await pool.run_job([&] { second_ran = true; });
  };
  net::co_spawn(ioc, hold(), net::detached);
  net::co_spawn(ioc, queued(), net::bind_cancellation_slot(cancel_second.slot(), net::detached));
  net::post(ioc, [&] {
    EXPECT_GE(pool.stats().queued, 1u);  // the second job (the first may not have started yet)
    cancel_second.emit(net::cancellation_type::terminal);
    release.set_value();
  });
  ioc.run();
  EXPECT_EQ(first, true);
  EXPECT_EQ(second, false);
  EXPECT_FALSE(second_ran);
  EXPECT_EQ(pool.stats().abandoned, 1u);
}

TEST(CpuPool, AnExceptionFromTheWorkReachesTheCaller) {
  SimulatedClock clock;
  CpuPool pool(clock, 1);
  net::io_context ioc;
  std::string caught;
  auto body = [&]() -> net::awaitable<void> {
    try {
      co_await pool.run([]() -> int { throw std::runtime_error("mapping failed"); });
    } catch (const std::runtime_error& e) {
      caught = e.what();
    }
  };
  net::co_spawn(ioc, body(), net::detached);
  ioc.run();
  EXPECT_EQ(caught, "mapping failed");
  EXPECT_EQ(pool.stats().running, 0u);
}

TEST(CpuPool, WithoutWorkersTheWorkRunsInlineOnTheCallersThread) {
  SimulatedClock clock;
  CpuPool pool(clock, 0);
  net::io_context ioc;
  std::thread::id ran_on;
  auto body = [&]() -> net::awaitable<void> {
    co_await pool.run_job([&] { ran_on = std::this_thread::get_id(); });
  };
  net::co_spawn(ioc, body(), net::detached);
  ioc.run();
  EXPECT_EQ(ran_on, std::this_thread::get_id());
  EXPECT_EQ(pool.stats().done, 1u);
}

}  // namespace
