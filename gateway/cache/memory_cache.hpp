#pragma once
// The in-process QuotaCache. Single-flight per key: the first miss starts a fetch in the task
// group (so it outlives a requester that gives up at its deadline and still fills the cache);
// every other miss joins it through a one-shot broadcast channel.

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "gateway/base/task_group.hpp"
#include "gateway/cache/quota_cache.hpp"

namespace qg::cache {

class MemoryCache final : public QuotaCache {
 public:
  MemoryCache(CachePolicy policy, base::Clock& clock, boost::asio::any_io_executor background,
              base::TaskGroup& tasks);
  ~MemoryCache() override;

  boost::asio::awaitable<CacheResult> get(CacheRequest request, Fetcher fetch) override;
  std::vector<CacheSnapshot> snapshot() const override;
  std::optional<CacheResult> peek_fresh(const std::string& key, std::optional<Duration> ttl) const override;
  CacheResult peek_usable(const std::string& key, std::optional<Duration> ttl,
                          const adapters::UpstreamError& why) const override;

  std::size_t size() const;
  std::size_t fetches_started() const;

 private:
  struct Flight;
  struct Entry;

  std::shared_ptr<Flight> start_flight(const std::string& key, Entry& entry, Fetcher fetch);
  void finish_flight(const std::string& key, const std::shared_ptr<Flight>& flight, FetchOutcome outcome);
  CacheResult serve_stale_or_error(const Entry& entry, Duration ttl, adapters::UpstreamError error,
                                   std::size_t calls) const;
  void evict_if_needed();

  CachePolicy policy_;
  base::Clock& clock_;
  boost::asio::any_io_executor background_;
  base::TaskGroup& tasks_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::size_t fetches_started_ = 0;
};

}  // namespace qg::cache
