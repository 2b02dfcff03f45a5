#include "gateway/base/cpu_pool.hpp"

#include <algorithm>
#include <exception>
#include <thread>

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace qg::base {

namespace net = boost::asio;

CpuPool::CpuPool(Clock& clock, std::size_t threads)
    : clock_(clock),
      threads_(threads),
      pool_(threads > 0 ? std::make_unique<net::thread_pool>(threads) : nullptr) {}

CpuPool::~CpuPool() {
  // Every job handed over finishes (its caller awaits it); none is dropped half-way.
  if (pool_) pool_->join();
}

std::size_t CpuPool::default_threads() {
  // At most 4: the work comes in bursts (a fetch's pages, a scrape), and in a container
  // hardware_concurrency() counts the node's cores, not the CPU limit.
  return std::clamp<std::size_t>(std::thread::hardware_concurrency() / 2, 1, 4);
}

bool CpuPool::may_start(SteadyTime deadline, bool cancelled) {
  if (!cancelled && clock_.steady_now() < deadline) return true;
  abandoned_.fetch_add(1, std::memory_order_relaxed);
  return false;
}

void CpuPool::run_counted(const std::function<void()>& job) {
  struct Running {
    CpuPool& pool;
    explicit Running(CpuPool& p) : pool(p) { pool.running_.fetch_add(1, std::memory_order_relaxed); }
    ~Running() {
      pool.running_.fetch_sub(1, std::memory_order_relaxed);
      pool.done_.fetch_add(1, std::memory_order_relaxed);
    }
  } counted(*this);
  job();
}

namespace {

// One job handed over: what the worker reads, and the flag the caller's cancellation sets.
struct Pending {
  std::function<void()> job;
  SteadyTime deadline;
  std::atomic<bool> cancelled{false};
};

}  // namespace

net::awaitable<bool> CpuPool::run_job(std::function<void()> job, SteadyTime deadline) {
  if (!pool_) {
    if (!may_start(deadline, false)) co_return false;
    run_counted(job);
    co_return true;
  }
  auto pending = std::make_shared<Pending>();
  pending->job = std::move(job);
  pending->deadline = deadline;
  // The caller's cancellation slot, the completion and the slot's release all stay on the
  // caller's executor; the worker only reads `pending` and hands the handler back.
  auto initiate = [this, pending](auto handler) {
    auto slot = net::get_associated_cancellation_slot(handler);
    if (slot.is_connected()) slot.assign([pending](net::cancellation_type) { pending->cancelled = true; });
    auto home = net::get_associated_executor(handler);
    auto keep_home_running = net::make_work_guard(home);
    queued_.fetch_add(1, std::memory_order_relaxed);
    net::post(*pool_, [this, pending, handler = std::move(handler), home, keep = std::move(keep_home_running)]() mutable {
      queued_.fetch_sub(1, std::memory_order_relaxed);
      std::exception_ptr failed;
      bool ran = false;
      if (may_start(pending->deadline, pending->cancelled.load())) {
        ran = true;
        try {
          run_counted(pending->job);
        } catch (...) {
          failed = std::current_exception();
        }
      }
      net::post(home, [handler = std::move(handler), failed, ran]() mutable {
        net::get_associated_cancellation_slot(handler).clear();
        std::move(handler)(failed, ran);
      });
      keep.reset();
    });
  };
  co_return co_await net::async_initiate<decltype(net::use_awaitable), void(std::exception_ptr, bool)>(
      std::move(initiate), net::use_awaitable);
}

CpuPoolStats CpuPool::stats() const {
  CpuPoolStats s;
  s.threads = threads_;
  s.queued = queued_.load(std::memory_order_relaxed);
  s.running = running_.load(std::memory_order_relaxed);
  s.done = done_.load(std::memory_order_relaxed);
  s.abandoned = abandoned_.load(std::memory_order_relaxed);
  return s;
}

}  // namespace qg::base
