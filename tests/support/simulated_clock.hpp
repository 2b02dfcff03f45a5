#pragma once
// A Clock for single-threaded coroutine tests: time stands still while handlers are ready and
// jumps to the next sleeper's wake-up time when nothing else can run (discrete-event
// simulation). Pacing, backoff and deadline tests run instantly and deterministically.

#include <cstdint>
#include <map>
#include <memory>
#include <utility>

#include <boost/asio/io_context.hpp>

#include "gateway/base/clock.hpp"

namespace qg::test {

class SimulatedClock final : public base::Clock {
 public:
  // Wall time starts at 2026-01-01T00:00:00Z unless given.
  explicit SimulatedClock(base::SystemTime wall_start = base::SystemTime(std::chrono::seconds(1767225600)));

  base::SystemTime system_now() const override;
  base::SteadyTime steady_now() const override;
  boost::asio::awaitable<void> sleep_until(base::SteadyTime until) override;

  void advance(std::chrono::steady_clock::duration d);
  std::chrono::steady_clock::duration elapsed() const { return now_ - start_; }
  std::size_t sleepers() const { return sleepers_.size(); }

  // Runs `ioc` until it has no work and nobody sleeps, advancing time whenever it idles.
  void run(boost::asio::io_context& ioc);

 private:
  struct Sleeper;
  base::SystemTime wall_start_;
  base::SteadyTime start_;
  base::SteadyTime now_;
  std::uint64_t sequence_ = 0;
  std::map<std::pair<base::SteadyTime, std::uint64_t>, std::shared_ptr<Sleeper>> sleepers_;
};

// Runs a coroutine body to completion under `clock` on a fresh io_context; rethrows its exception.
void run_simulated(SimulatedClock& clock, boost::asio::awaitable<void> body);
// The same on a context the caller owns: objects that keep I/O objects of it (caches, task
// groups) must be destroyed before their context, so they are declared after it.
void run_simulated(SimulatedClock& clock, boost::asio::io_context& ioc, boost::asio::awaitable<void> body);

}  // namespace qg::test
