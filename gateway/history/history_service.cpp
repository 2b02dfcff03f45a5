#include "gateway/history/history_service.hpp"

#include <boost/asio/this_coro.hpp>

#include "gateway/base/log.hpp"
#include "gateway/pools/pool.hpp"

namespace qg::history {

namespace net = boost::asio;

HistoryService::HistoryService(HistoryPolicy policy, std::unique_ptr<HistoryBackend> backend, base::Clock& clock,
                               net::any_io_executor executor, base::TaskGroup& tasks)
    : policy_(policy),
      backend_(std::move(backend)),
      clock_(clock),
      executor_(std::move(executor)),
      tasks_(tasks),
      recorder_(policy) {}

void HistoryService::mark(bool ok) {
  const bool was = up_.exchange(ok);
  if (was && !ok) {
    base::log_error("history store failed: history stops until it answers again; /quotas keeps serving",
                    {{"store", backend_->name()}});
  } else if (!was && ok) {
    base::log_info("history store answers again", {{"store", backend_->name()}});
  }
}

net::awaitable<void> HistoryService::warm_up() {
  const auto since = clock_.unix_now() - policy_.forecast.window_seconds;
  std::size_t loaded = 0;
  Visit visit = [this, &loaded](const std::string& id, const std::string& unit, const Sample& s) {
    recorder_.load(id, unit, s);
    ++loaded;
  };
  const bool ok = co_await backend_->scan(since, std::move(visit));
  mark(ok);
  base::log_info("history loaded", {{"store", backend_->name()}, {"samples", loaded}, {"packages", recorder_.packages()}});
}

void HistoryService::on_fetched(adapters::RecordList& records) {
  const auto now = clock_.unix_now();
  auto batch = recorder_.observe(records, now);
  pools::project_members(
      records, now, [this](const std::string& id) { return recorder_.points(id); }, policy_.forecast);
  if (!batch.empty()) tasks_.spawn(executor_, write(std::move(batch)), "history write");
}

void HistoryService::on_adopted(const adapters::RecordList& records, std::int64_t fetched_at) {
  recorder_.adopt(records, fetched_at);
}

net::awaitable<void> HistoryService::write(std::vector<PackageSample> batch) {
  const auto n = batch.size();
  const bool ok = co_await backend_->append(std::move(batch));
  if (ok) written_ += n;
  else ++failures_;
  mark(ok);
}

void HistoryService::start_pruning() { tasks_.spawn(executor_, prune_loop(), "history prune"); }

net::awaitable<void> HistoryService::prune_loop() {
  for (;;) {
    co_await clock_.sleep_for(std::chrono::hours(1));
    if ((co_await net::this_coro::cancellation_state).cancelled() != net::cancellation_type::none) co_return;
    const auto now = clock_.unix_now();
    auto removed = co_await backend_->prune(now, policy_.retention);
    mark(removed.has_value());
    recorder_.forget_older_than(now - policy_.forecast.window_seconds);
    if (removed) base::log_info("history pruned", {{"store", backend_->name()}, {"samples_removed", *removed}});
  }
}

net::awaitable<std::optional<std::vector<Sample>>> HistoryService::samples(std::string id, std::int64_t since) {
  auto out = co_await backend_->samples(std::move(id), since);
  mark(out.has_value());
  co_return out;
}

std::optional<Forecast> HistoryService::forecast(const std::string& id) const {
  return recorder_.forecast(id, clock_.unix_now());
}

HistoryStats HistoryService::stats() const { return HistoryStats{up_.load(), written_.load(), failures_.load()}; }

}  // namespace qg::history
