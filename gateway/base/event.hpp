#pragma once
// A one-shot broadcast: set() once, and every wait() — before or after — completes. The cache's
// single-flight waiters and the server's "drain grace is over" signal are both this.

#include <atomic>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>

namespace qg::base {

/// @par Thread Safety
/// All members may be called concurrently from any thread.
class Event {
 public:
  explicit Event(boost::asio::any_io_executor executor);

  void set();
  bool is_set() const { return set_.load(std::memory_order_acquire); }
  // Completes once set() was called; cancellable like any Asio operation (then it completes
  // early, with is_set() still false).
  boost::asio::awaitable<void> wait();

 private:
  // close() completes every pending receive and every later one at once, so no waiter can miss
  // the wake-up.
  boost::asio::experimental::concurrent_channel<void(boost::system::error_code)> channel_;
  std::atomic<bool> set_{false};
};

}  // namespace qg::base
