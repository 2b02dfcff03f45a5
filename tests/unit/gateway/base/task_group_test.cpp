#include <mutex>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "gateway/base/task_group.hpp"

namespace {

namespace net = boost::asio;

// Found by tests/fuzz/http_request_fuzzer: the cache spawns a fetch under its mutex; a task that
// ran inside spawn() and finished at once re-entered the cache and deadlocked on that mutex.
TEST(TaskGroup, ATaskNeverRunsInsideSpawnEvenFromItsOwnExecutor) {
  net::io_context ioc;
  qg::base::TaskGroup tasks;
  std::mutex mutex;
  bool spawn_returned = false;
  bool ran_after_spawn = false;
  auto task = [&]() -> net::awaitable<void> {
    std::lock_guard lock(mutex);  // would deadlock if run inside spawn() below
    ran_after_spawn = spawn_returned;
    co_return;
  };
  auto outer = [&]() -> net::awaitable<void> {
    std::lock_guard lock(mutex);
    tasks.spawn(ioc.get_executor(), task(), "test");
    spawn_returned = true;
    co_return;
  };
  net::co_spawn(ioc, outer(), net::detached);
  ioc.run();
  EXPECT_TRUE(ran_after_spawn);
}

TEST(TaskGroup, JoinWaitsForEveryTask) {
  net::io_context ioc;
  qg::base::TaskGroup tasks;
  int finished = 0;
  auto task = [&]() -> net::awaitable<void> {
    ++finished;
    co_return;
  };
  bool joined = false;
  auto main = [&]() -> net::awaitable<void> {
    for (int i = 0; i < 5; ++i) tasks.spawn(ioc.get_executor(), task(), "test");
    co_await tasks.join();
    joined = finished == 5;
  };
  net::co_spawn(ioc, main(), net::detached);
  ioc.run();
  EXPECT_TRUE(joined);
}

}  // namespace
