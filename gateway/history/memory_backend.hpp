#pragma once
// History kept in process memory only: for demo mode, where nothing should be written to disk
// and nothing needs to survive a restart. The same rules as the stores (retention, thinning).

#include <map>
#include <mutex>

#include "gateway/history/backend.hpp"

namespace qg::history {

class MemoryBackend final : public HistoryBackend {
 public:
  boost::asio::awaitable<bool> append(std::vector<PackageSample> batch) override;
  boost::asio::awaitable<std::optional<std::vector<Sample>>> samples(std::string id, std::int64_t since) override;
  boost::asio::awaitable<bool> scan(std::int64_t since, Visit visit) override;
  boost::asio::awaitable<std::optional<std::size_t>> prune(std::int64_t now, RetentionPolicy policy) override;
  std::string_view name() const override { return "memory"; }
  // Samples known before start-up (demo mode's simulated history), as append() stores them.
  void preload(std::vector<PackageSample> batch);

 private:
  void store(std::vector<PackageSample>& batch);  // under mutex_

  struct Package {
    std::string unit;
    std::vector<Sample> samples;
  };
  std::mutex mutex_;
  std::map<std::string, Package, std::less<>> packages_;
};

}  // namespace qg::history
