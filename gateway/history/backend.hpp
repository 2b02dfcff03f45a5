#pragma once
// Where samples are kept, as the I/O shell sees it: SQLite on its own thread (the embedded
// default) or Redis (shared by replicas). Failures are values: history is never worth failing
// a request for.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "gateway/history/retention.hpp"
#include "gateway/history/store.hpp"

namespace qg::history {

using Visit = std::function<void(const std::string& id, const std::string& unit, const Sample& sample)>;

/// @par Thread Safety
/// Every member may be called concurrently.
class HistoryBackend {
 public:
  virtual ~HistoryBackend() = default;
  virtual boost::asio::awaitable<bool> append(std::vector<PackageSample> batch) = 0;
  // Ascending; nullopt when the backend failed.
  virtual boost::asio::awaitable<std::optional<std::vector<Sample>>> samples(std::string id, std::int64_t since) = 0;
  virtual boost::asio::awaitable<bool> scan(std::int64_t since, Visit visit) = 0;
  virtual boost::asio::awaitable<std::optional<std::size_t>> prune(std::int64_t now, RetentionPolicy policy) = 0;
  virtual std::string_view name() const = 0;  // "sqlite", "redis": for logs and metrics
};

}  // namespace qg::history
