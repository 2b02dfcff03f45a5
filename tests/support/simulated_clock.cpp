#include "tests/support/simulated_clock.hpp"

#include <exception>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

namespace qg::test {

namespace net = boost::asio;

struct SimulatedClock::Sleeper {
  explicit Sleeper(net::any_io_executor ex) : timer(ex, net::steady_timer::time_point::max()) {}
  net::steady_timer timer;  // never expires by itself: cancel() is the wake-up
};

SimulatedClock::SimulatedClock(base::SystemTime wall_start)
    : wall_start_(wall_start), start_(std::chrono::steady_clock::time_point(std::chrono::hours(1000))), now_(start_) {}

base::SystemTime SimulatedClock::system_now() const {
  return wall_start_ + std::chrono::duration_cast<base::SystemTime::duration>(now_ - start_);
}

base::SteadyTime SimulatedClock::steady_now() const { return now_; }

void SimulatedClock::advance(std::chrono::steady_clock::duration d) { now_ += d; }

net::awaitable<void> SimulatedClock::sleep_until(base::SteadyTime until) {
  if (until <= now_) co_return;
  auto sleeper = std::make_shared<Sleeper>(co_await net::this_coro::executor);
  const auto key = std::make_pair(until, sequence_++);
  sleepers_.emplace(key, sleeper);
  co_await sleeper->timer.async_wait(net::as_tuple(net::use_awaitable));
  sleepers_.erase(key);  // already gone when woken by run(); still there when cancelled
}

void SimulatedClock::run(net::io_context& ioc) {
  for (;;) {
    ioc.restart();
    if (ioc.poll() > 0) continue;
    if (sleepers_.empty()) break;
    auto it = sleepers_.begin();
    now_ = std::max(now_, it->first.first);
    auto sleeper = it->second;
    sleepers_.erase(it);
    sleeper->timer.cancel();
  }
}

void run_simulated(SimulatedClock& clock, net::awaitable<void> body) {
  net::io_context ioc;
  run_simulated(clock, ioc, std::move(body));
}

void run_simulated(SimulatedClock& clock, net::io_context& ioc, net::awaitable<void> body) {
  bool done = false;
  std::exception_ptr error;
  net::co_spawn(ioc, std::move(body), [&](std::exception_ptr e) {
    done = true;
    error = e;
  });
  clock.run(ioc);
  if (error) std::rethrow_exception(error);
  if (!done) ADD_FAILURE() << "simulated coroutine never finished (it waits on something that never happens)";
}

}  // namespace qg::test
