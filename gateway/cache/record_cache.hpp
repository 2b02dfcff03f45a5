#pragma once
// The QuotaCache: entries in process memory, decided by freshness.hpp, single-flight per key.
// The first request that must wait starts a fetch in the task group (so it outlives a requester
// that gives up at its deadline and still fills the cache); every other one joins it. With a
// SharedStore the fetch goes through shared_fetch (one fetch per account across replicas).

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "gateway/base/random.hpp"
#include "gateway/base/task_group.hpp"
#include "gateway/cache/freshness.hpp"
#include "gateway/cache/quota_cache.hpp"
#include "gateway/cache/shared_store.hpp"

namespace qg::cache {

struct RecordCacheDeps {
  CachePolicy policy;
  base::Clock& clock;
  base::Random& random;
  boost::asio::any_io_executor background;  // where fetches run
  base::TaskGroup& tasks;                   // ... tracked, so shutdown can cancel and await them
  SharedStore* shared = nullptr;            // replicas' store, optional
  Duration lock_ttl = std::chrono::seconds(6);  // a fetch's longest hold of the shared lock
  std::function<void(std::string_view operation)> on_store_fallback;  // may be empty
  // A set another replica fetched was adopted from the shared store (history learns it); may be empty.
  std::function<void(const std::string& key, const RecordSet& set, base::SystemTime fetched_at)> on_adopted;
};

class RecordCache final : public QuotaCache {
 public:
  explicit RecordCache(RecordCacheDeps deps);
  ~RecordCache() override;

  boost::asio::awaitable<CacheResult> get(CacheRequest request, Fetcher fetch) override;
  std::optional<CacheResult> try_get(const CacheRequest& request, const Fetcher& fetch) override;
  CacheResult peek_usable(const std::string& key, std::optional<Duration> ttl,
                          const problem::SourceError& why) const override;
  std::vector<CacheSnapshot> snapshot() const override;
  std::optional<CacheSnapshot> snapshot(const std::string& key) const override;
  std::uint64_t version() const override { return version_.load(std::memory_order_acquire); }

  std::size_t size() const;

 private:
  struct Flight;
  struct Entry;

  // Under mutex_: what the entry's verdict allows without waiting, or the flight to wait for.
  std::optional<CacheResult> answer_now(const CacheRequest& request, const Fetcher& fetch, Entry& entry,
                                        std::shared_ptr<Flight>& wait_for);
  std::shared_ptr<Flight> start_flight(const CacheRequest& request, Entry& entry, Fetcher fetch);
  Fetcher through_store(const CacheRequest& request, Fetcher upstream);
  void finish_flight(const std::string& key, const std::shared_ptr<Flight>& flight, FetchOutcome outcome);
  CacheResult serve(const Entry& entry, CacheState state, Duration ttl) const;
  CacheResult serve_stale_or_error(const Entry& entry, Duration ttl, problem::SourceError error,
                                   std::size_t calls) const;
  EntryAges ages(const Entry& entry) const;
  CacheSnapshot snapshot_of(const std::string& key, const Entry& entry) const;
  void evict_if_needed();

  RecordCacheDeps deps_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry, std::less<>> entries_;
  std::atomic<std::uint64_t> version_{0};  // bumped under mutex_ by every change version() covers
};

}  // namespace qg::cache
