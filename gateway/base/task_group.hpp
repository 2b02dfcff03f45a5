#pragma once
// Structured lifetime for coroutines that outlive the call that started them (connections,
// background cache refreshes): every spawn is tracked, can be cancelled, and can be awaited.
// Nothing the gateway starts is an orphan.

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/cancellation_type.hpp>

namespace qg::base {

/// @par Thread Safety
/// All members may be called concurrently.
class TaskGroup {
 public:
  TaskGroup();
  ~TaskGroup();
  TaskGroup(const TaskGroup&) = delete;
  TaskGroup& operator=(const TaskGroup&) = delete;

  // Starts `task` on `executor`. An exception escaping it is logged with `what`, never rethrown.
  // The task starts later on `executor`, never inside spawn(), so callers may hold locks.
  void spawn(boost::asio::any_io_executor executor, boost::asio::awaitable<void> task, std::string_view what);

  // Asks every running task to stop (total: at a safe point; terminal: now). After a terminal
  // cancel, tasks spawned later are cancelled as soon as they start.
  void cancel(boost::asio::cancellation_type type = boost::asio::cancellation_type::terminal);

  // Completes when no task is left (at once when none runs).
  boost::asio::awaitable<void> join();

  std::size_t size() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace qg::base
