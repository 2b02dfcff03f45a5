#include "gateway/history/sqlite_backend.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "gateway/base/log.hpp"

namespace qg::history {

namespace net = boost::asio;

namespace {

// Runs `work` on the worker and resumes the caller on its own executor; a HistoryError is the
// failure value, logged once per call.
template <class T, class Work>
net::awaitable<std::optional<T>> on_worker(net::thread_pool& worker, Work work) {
  auto task = [work = std::move(work)]() mutable -> net::awaitable<std::optional<T>> {
    try {
      co_return work();
    } catch (const HistoryError& e) {
      base::log_warn("history store failed", {{"store", "sqlite"}, {"error", e.what()}});
      co_return std::nullopt;
    }
  };
  co_return co_await net::co_spawn(worker, std::move(task), net::use_awaitable);
}

}  // namespace

SqliteBackend::SqliteBackend(std::unique_ptr<SqliteStore> store) : store_(std::move(store)) {}

SqliteBackend::~SqliteBackend() { worker_.join(); }

// The work is a named local in each caller: g++ 12 destroys a temporary passed to a coroutine in
// a co_await expression twice.
net::awaitable<bool> SqliteBackend::append(std::vector<PackageSample> batch) {
  auto work = [this, batch = std::move(batch)]() mutable {
    store_->append(std::move(batch));
    return true;
  };
  auto done = co_await on_worker<bool>(worker_, std::move(work));
  co_return done.has_value();
}

net::awaitable<std::optional<std::vector<Sample>>> SqliteBackend::samples(std::string id, std::int64_t since) {
  auto work = [this, id, since] { return store_->samples(id, since); };
  co_return co_await on_worker<std::vector<Sample>>(worker_, std::move(work));
}

net::awaitable<bool> SqliteBackend::scan(std::int64_t since, Visit visit) {
  auto work = [this, since, visit = std::move(visit)] {
    store_->scan(since, visit);
    return true;
  };
  auto done = co_await on_worker<bool>(worker_, std::move(work));
  co_return done.has_value();
}

net::awaitable<std::optional<std::size_t>> SqliteBackend::prune(std::int64_t now, RetentionPolicy policy) {
  auto work = [this, now, policy] { return store_->prune(now, policy); };
  co_return co_await on_worker<std::size_t>(worker_, std::move(work));
}

}  // namespace qg::history
