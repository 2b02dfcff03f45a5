#pragma once
// Where CPU-heavy work runs: a small, bounded pool of worker threads beside the io_context
// threads, so that parsing and mapping an upstream reply, indexing a fetched set and rendering
// the exposition never hold up the threads that answer probes and warm requests. A coroutine
// hands a job over with run() and resumes on its own executor with the result.
//
// A job checks in before it starts: one whose deadline has passed, or whose caller was
// cancelled meanwhile, is dropped unrun (run() gives nullopt). Callers split long work into
// jobs (a page, an account's set), so the deadline is enforced between them.

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include <boost/asio/awaitable.hpp>

#include "gateway/base/clock.hpp"

namespace boost::asio {
class thread_pool;
}

namespace qg::base {

struct CpuPoolStats {
  std::size_t threads = 0;
  std::size_t queued = 0;   // handed over, not started yet
  std::size_t running = 0;  // on a worker now
  std::uint64_t done = 0;       // ran to the end (or threw)
  std::uint64_t abandoned = 0;  // dropped unrun: past the deadline, or the caller was cancelled
};

/// @par Thread Safety
/// run() and stats() may be called concurrently from any thread; a job runs on one worker
/// thread, so what it touches besides its own captures must be safe to use from there.
class CpuPool {
 public:
  // `threads` workers; 0 runs every job inline, on the caller's thread (tools, unit tests of the
  // users of this pool).
  CpuPool(Clock& clock, std::size_t threads);
  ~CpuPool();  // waits for the jobs handed over
  CpuPool(const CpuPool&) = delete;
  CpuPool& operator=(const CpuPool&) = delete;

  // Half the hardware threads, 1 to 4: the other half stays for the serving threads.
  static std::size_t default_threads();

  // Runs `work()` on a worker and resumes the caller on its own executor with the result;
  // nullopt when the job was abandoned (see above). An exception from `work` is rethrown here.
  template <class Work>
  boost::asio::awaitable<std::optional<std::invoke_result_t<Work&>>> run(
      Work work, SteadyTime deadline = SteadyTime::max()) {
    using Result = std::invoke_result_t<Work&>;
    std::optional<Result> out;
    // A named local: g++ 12 destroys a temporary argument of a coroutine call in co_await twice.
    std::function<void()> job = [&out, &work] { out.emplace(work()); };
    if (!co_await run_job(std::move(job), deadline)) co_return std::nullopt;
    co_return out;
  }

  // The same for work without a result: false when it was abandoned.
  boost::asio::awaitable<bool> run_job(std::function<void()> job, SteadyTime deadline = SteadyTime::max());

  CpuPoolStats stats() const;

 private:
  bool may_start(SteadyTime deadline, bool cancelled);
  void run_counted(const std::function<void()>& job);

  Clock& clock_;
  std::size_t threads_;
  std::unique_ptr<boost::asio::thread_pool> pool_;  // null: inline
  std::atomic<std::size_t> queued_{0};
  std::atomic<std::size_t> running_{0};
  std::atomic<std::uint64_t> done_{0};
  std::atomic<std::uint64_t> abandoned_{0};
};

}  // namespace qg::base
