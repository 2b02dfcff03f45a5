#pragma once
// Usage history as the gateway runs it: every fetched set goes through the recorder (its records
// come back with forecasts), the samples worth keeping are written off the request path, the
// store is pruned hourly, and a store that fails at run time stops history (a metric and a log
// line) while /quotas keeps serving.

#include <atomic>
#include <memory>
#include <optional>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "gateway/base/clock.hpp"
#include "gateway/base/task_group.hpp"
#include "gateway/history/backend.hpp"
#include "gateway/history/recorder.hpp"

namespace qg::history {

struct HistoryStats {
  bool up = true;                   // the store answers
  std::uint64_t samples_written = 0;
  std::uint64_t write_failures = 0;
};

/// @par Thread Safety
/// Every member may be called concurrently.
class HistoryService {
 public:
  HistoryService(HistoryPolicy policy, std::unique_ptr<HistoryBackend> backend, base::Clock& clock,
                 boost::asio::any_io_executor executor, base::TaskGroup& tasks);

  // Start-up: loads what the store kept of the forecast window into the recorder.
  boost::asio::awaitable<void> warm_up();
  // The hourly prune, until the task group is cancelled.
  void start_pruning();

  // A set fetched here: forecasts attached (a pooled package's from its pool's simulation,
  // gateway/pools), samples queued for the store.
  void on_fetched(adapters::RecordList& records);
  // A set another replica fetched (and recorded).
  void on_adopted(const adapters::RecordList& records, std::int64_t fetched_at);

  boost::asio::awaitable<std::optional<std::vector<Sample>>> samples(std::string id, std::int64_t since);
  std::optional<Forecast> forecast(const std::string& id) const;
  // The samples the recorder keeps of a package (the forecast window), ascending.
  std::vector<Sample> points(const std::string& id) const { return recorder_.points(id); }

  HistoryStats stats() const;
  std::string_view backend_name() const { return backend_->name(); }
  const HistoryPolicy& policy() const { return policy_; }

 private:
  boost::asio::awaitable<void> write(std::vector<PackageSample> batch);
  boost::asio::awaitable<void> prune_loop();
  void mark(bool ok);

  HistoryPolicy policy_;
  std::unique_ptr<HistoryBackend> backend_;
  base::Clock& clock_;
  boost::asio::any_io_executor executor_;
  base::TaskGroup& tasks_;
  Recorder recorder_;
  std::atomic<bool> up_{true};
  std::atomic<std::uint64_t> written_{0};
  std::atomic<std::uint64_t> failures_{0};
};

}  // namespace qg::history
