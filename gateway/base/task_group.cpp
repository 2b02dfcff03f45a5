#include "gateway/base/task_group.hpp"

#include <boost/asio/post.hpp>

#include <exception>
#include <list>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "gateway/base/log.hpp"

namespace qg::base {

namespace net = boost::asio;

struct TaskGroup::State {
  struct Task {
    std::shared_ptr<net::cancellation_signal> signal;
    net::any_io_executor executor;
  };
  mutable std::mutex mutex;
  std::list<Task> signals;
  bool closed = false;  // cancelled terminally: what is spawned from now on is cancelled at once
  // Lazily created on the first join(); a buffered "maybe empty now" notification.
  std::unique_ptr<net::experimental::concurrent_channel<void(boost::system::error_code)>> empty;
};

TaskGroup::TaskGroup() : state_(std::make_shared<State>()) {}

TaskGroup::~TaskGroup() { cancel(); }

void TaskGroup::spawn(net::any_io_executor executor, net::awaitable<void> task, std::string_view what) {
  std::list<State::Task>::iterator it;
  auto signal = std::make_shared<net::cancellation_signal>();
  bool closed = false;
  {
    std::lock_guard lock(state_->mutex);
    it = state_->signals.insert(state_->signals.end(), State::Task{signal, executor});
    closed = state_->closed;
  }
  auto done = [state = state_, it, what = std::string(what)](std::exception_ptr e) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        log_error("task failed", {{"task", what}, {"error", ex.what()}});
      } catch (...) {
        log_error("task failed", {{"task", what}, {"error", "unknown exception"}});
      }
    }
    std::lock_guard lock(state->mutex);
    state->signals.erase(it);
    if (state->signals.empty() && state->empty) state->empty->try_send(boost::system::error_code{});
  };
  // co_spawn dispatches: called from inside `executor` it would run the task up to its first
  // suspension right here, under whatever lock the caller holds (the cache spawns fetches under
  // its mutex). Posting makes every task start later, never inside spawn().
  net::post(executor, [executor, task = std::move(task), slot = signal->slot(), done = std::move(done)]() mutable {
    net::co_spawn(executor, std::move(task), net::bind_cancellation_slot(slot, std::move(done)));
  });
  // Spawned after a shutdown began (a start-up step finishing late): it must not outlive it.
  if (closed) net::post(executor, [signal] { signal->emit(net::cancellation_type::terminal); });
}

void TaskGroup::cancel(net::cancellation_type type) {
  // Cancellation slots are not thread-safe: emit on each task's own executor (a strand for
  // connections), and keep the signal alive until then even if the task finishes first.
  std::lock_guard lock(state_->mutex);
  if ((type & net::cancellation_type::terminal) != net::cancellation_type::none) state_->closed = true;
  for (auto& task : state_->signals) {
    net::dispatch(task.executor, [signal = task.signal, type] { signal->emit(type); });
  }
}

net::awaitable<void> TaskGroup::join() {
  auto state = state_;
  for (;;) {
    net::experimental::concurrent_channel<void(boost::system::error_code)>* channel = nullptr;
    {
      std::lock_guard lock(state->mutex);
      if (state->signals.empty()) co_return;
      if (!state->empty) {
        state->empty = std::make_unique<net::experimental::concurrent_channel<void(boost::system::error_code)>>(
            co_await net::this_coro::executor, 1);
      }
      channel = state->empty.get();
    }
    co_await channel->async_receive(net::as_tuple(net::use_awaitable));
  }
}

std::size_t TaskGroup::size() const {
  std::lock_guard lock(state_->mutex);
  return state_->signals.size();
}

}  // namespace qg::base
