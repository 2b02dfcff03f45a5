#pragma once
// Structured concurrency for adapters and the gateway's fan-out: run N coroutines at once and
// wait for all of them. The children are cancelled with the parent (parallel_group), so none
// outlives the request that started it.

#include <exception>
#include <functional>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace qg::adapters {

// Runs every task concurrently on the current executor; results in task order. An exception in
// a child is rethrown here after all children finished (children report expected failures as
// values, so this only happens on bugs).
template <class T>
boost::asio::awaitable<std::vector<T>> gather(std::vector<std::function<boost::asio::awaitable<T>()>> tasks) {
  namespace net = boost::asio;
  std::vector<T> results;
  if (tasks.empty()) co_return results;
  if (tasks.size() == 1) {
    results.push_back(co_await tasks.front()());
    co_return results;
  }
  auto ex = co_await net::this_coro::executor;
  using Op = decltype(net::co_spawn(ex, tasks.front()(), net::deferred));
  std::vector<Op> ops;
  ops.reserve(tasks.size());
  for (auto& task : tasks) ops.push_back(net::co_spawn(ex, task(), net::deferred));
  auto [order, exceptions, values] = co_await net::experimental::make_parallel_group(std::move(ops))
                                         .async_wait(net::experimental::wait_for_all(), net::use_awaitable);
  (void)order;
  for (const auto& e : exceptions) {
    if (e) std::rethrow_exception(e);
  }
  co_return std::move(values);
}

}  // namespace qg::adapters
