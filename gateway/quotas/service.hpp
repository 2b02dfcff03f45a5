#pragma once
// The quotas service: for one request, every selected account concurrently through the cache
// (one deadline for all), each outcome reported per source. Filters, sorting and rendering are
// the caller's (pure) business; this is the fan-out.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "adapters/common/provider.hpp"
#include "gateway/cache/quota_cache.hpp"
#include "gateway/cache/redis_store.hpp"
#include "gateway/quotas/fetch.hpp"
#include "gateway/quotas/source_report.hpp"
#include "gateway/retry/circuit_breaker.hpp"

namespace qg::quotas {

struct Account {
  std::unique_ptr<adapters::QuotaProvider> provider;
  AccountUpstream upstream;
  std::optional<cache::Duration> cache_ttl;  // per-account override
  std::unique_ptr<retry::CircuitBreaker> breaker;
};

struct ServiceDeps {
  UpstreamDeps upstream;
  cache::QuotaCache& cache;
  std::chrono::milliseconds fetch_deadline{5000};  // a fetch's own deadline, independent of who waits for it
  std::function<void(const SourceReport&, cache::CacheState)> observe;  // may be empty
  cache::RedisStore* shared = nullptr;  // Redis mode: fetches go through the replicas' shared store
  cache::CachePolicy policy;            // for the shared store's freshness and retention
};

struct SourceData {
  SourceReport report;
  cache::RecordSetPtr records;  // null when the source has nothing to serve
  cache::Duration fresh_for{0};
};

struct CollectRequest {
  std::function<bool(std::string_view provider, std::string_view account)> selects;  // empty: all
  bool refresh = false;
  base::SteadyTime deadline;
};

/// @par Thread Safety
/// collect() may run concurrently from any thread.
class QuotaService {
 public:
  QuotaService(ServiceDeps deps, std::vector<Account> accounts);
  ~QuotaService();

  // One entry per selected account, in configuration order. Never waits past the deadline.
  boost::asio::awaitable<std::vector<SourceData>> collect(CollectRequest request);

  // The warm path: when every selected account has a fresh cached set, the same answer as
  // collect() without suspending; nullopt when any would need a fetch.
  std::optional<std::vector<SourceData>> collect_fresh(
      const std::function<bool(std::string_view, std::string_view)>& selects) const;

  // What the cache can serve this moment, fetching nothing: for requests that cannot wait any
  // longer (the drain grace is over). Stale sets carry `why` as their error.
  std::vector<SourceData> collect_cached(const std::function<bool(std::string_view, std::string_view)>& selects,
                                         const adapters::UpstreamError& why) const;

  const std::vector<Account>& accounts() const { return accounts_; }
  base::Clock& clock() const { return deps_.upstream.clock; }
  const cache::QuotaCache& cache() const { return deps_.cache; }

 private:
  boost::asio::awaitable<cache::FetchOutcome> fetch_account(std::size_t index, bool refresh);
  boost::asio::awaitable<cache::FetchOutcome> fetch_upstream(std::size_t index);
  boost::asio::awaitable<SourceData> collect_one(std::size_t index, bool refresh, base::SteadyTime deadline);
  SourceData to_source_data(const Account& account, const cache::CacheResult& result) const;

  ServiceDeps deps_;
  std::vector<Account> accounts_;
};

}  // namespace qg::quotas
