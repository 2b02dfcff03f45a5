#pragma once
// The SQLite store behind the async interface: every call runs on one worker thread of its own,
// so a slow disk never holds an I/O thread, and the caller resumes on its executor.

#include <memory>

#include <boost/asio/thread_pool.hpp>

#include "gateway/history/backend.hpp"
#include "gateway/history/sqlite_store.hpp"

namespace qg::history {

class SqliteBackend final : public HistoryBackend {
 public:
  explicit SqliteBackend(std::unique_ptr<SqliteStore> store);
  ~SqliteBackend() override;

  boost::asio::awaitable<bool> append(std::vector<PackageSample> batch) override;
  boost::asio::awaitable<std::optional<std::vector<Sample>>> samples(std::string id, std::int64_t since) override;
  boost::asio::awaitable<bool> scan(std::int64_t since, Visit visit) override;
  boost::asio::awaitable<std::optional<std::size_t>> prune(std::int64_t now, RetentionPolicy policy) override;
  std::string_view name() const override { return "sqlite"; }

 private:
  std::unique_ptr<SqliteStore> store_;
  boost::asio::thread_pool worker_{1};
};

}  // namespace qg::history
