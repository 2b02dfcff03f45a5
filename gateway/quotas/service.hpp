#pragma once
// The quotas service: for one request, every selected account concurrently through the cache
// (one deadline for all), each outcome reported per source. Filters, sorting and rendering are
// the answer's (pure) business; this is the fan-out, and the one place an account is fetched.
//
// The accounts are an immutable set replaced as a whole on a configuration reload: a request,
// a fetch or a refresh holds the set (or the account) it started with, so a reload never pulls
// an adapter or a credential from under work in flight.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "adapters/common/provider.hpp"
#include "gateway/cache/quota_cache.hpp"
#include "gateway/quotas/fetch.hpp"
#include "gateway/quotas/source_data.hpp"
#include "gateway/quotas/source_report.hpp"
#include "gateway/retry/circuit_breaker.hpp"

namespace qg::quotas {

struct Account {
  std::unique_ptr<adapters::QuotaProvider> provider;
  AccountUpstream upstream;
  std::optional<cache::Duration> cache_ttl;  // per-account override
  std::unique_ptr<retry::CircuitBreaker> breaker;
  // When a request or a scrape last showed the account: steady ns since epoch, 0 never.
  std::shared_ptr<std::atomic<std::int64_t>> activity = std::make_shared<std::atomic<std::int64_t>>(0);
};

using AccountPtr = std::shared_ptr<const Account>;

// The accounts in force, in configuration order, with their names (what `account=` may name).
struct AccountSet {
  std::vector<AccountPtr> accounts;
  std::vector<std::string> names;
  std::uint64_t version = 0;  // another on every replacement
};
using AccountSetPtr = std::shared_ptr<const AccountSet>;

// One account of a replacement set, in configuration order: a new object, or (no replacement)
// the current account of that name, unchanged, with its breaker state and credential cache.
struct AccountChange {
  std::string name;
  std::optional<Account> replacement;
};

struct ServiceDeps {
  UpstreamDeps upstream;
  cache::QuotaCache& cache;
  std::chrono::milliseconds fetch_deadline;  // a fetch's own deadline, independent of who waits for it
  std::function<void(const SourceReport&, cache::CacheState)> observe;  // may be empty
  // What observe(report, state) does, as a handle resolved once per kept warm list (a warm
  // answer over 40 accounts counts 40 outcomes); may be empty, then observe is called.
  std::function<std::function<void()>(const SourceReport&, cache::CacheState)> state_counter;
  // A fetched account's records, before they become the cached set (history and forecasts);
  // may be empty.
  std::function<void(adapters::RecordList&)> on_fetched;
  // The refresh budget of every account: this share of its rate limit, spent by refresh-ahead
  // and by clients' refreshes together (config refresh.budget_share).
  double refresh_budget_share = 0.5;
};

using SourceFilter = std::function<bool(std::string_view provider, std::string_view account)>;  // empty: all
using SourceList = std::shared_ptr<const std::vector<SourceData>>;

struct CollectRequest {
  SourceFilter selects;
  bool refresh = false;
  std::optional<cache::Duration> max_age;
  base::SteadyTime deadline;
};

/// @par Thread Safety
/// Every member may be called concurrently from any thread.
class QuotaService {
 public:
  QuotaService(ServiceDeps deps, std::vector<Account> accounts);
  ~QuotaService();

  // One entry per selected account, in configuration order. Never waits past the deadline.
  // A refresh it asks for (refresh, or a max_age the cached set is older than) spends the
  // account's refresh budget: without room there, the account is answered from the cache
  // (SourceData::refresh_skipped) unless a fetch is in flight already, which it joins for free.
  boost::asio::awaitable<std::vector<SourceData>> collect(CollectRequest request);

  // The warm path: the same answer as collect() when no selected account needs a fetch to be
  // waited for (fresh, stale-while-revalidate, a failure remembered), without suspending;
  // null otherwise (any fetch it had to start is joined by the collect() that follows). While
  // every selected source is a fresh hit or a remembered failure, the list is kept and handed
  // out again until the cache changes, a source's verdict would change (freshness or error_ttl
  // ends) or a shown age or max-age ticks: a warm answer over 40 accounts then costs what one
  // over 3 does, and so does one while a cloud is down.
  SourceList collect_now(const SourceFilter& selects);

  // What the cache can serve this moment, fetching nothing: for requests that cannot wait any
  // longer (the drain grace is over). Stale sets carry `why` as their error.
  std::vector<SourceData> collect_cached(const SourceFilter& selects, const problem::SourceError& why) const;

  // The refresher's fetch of one account: a set younger than `max_age` (another replica's fresh
  // fetch) counts, anything older is fetched with the attempts kept to `budget_share` of the
  // account's rate limit (the refresh budget, which clients' refreshes spend too: collect()).
  boost::asio::awaitable<SourceData> refresh(AccountPtr account, cache::Duration max_age, base::SteadyTime deadline,
                                             double budget_share);

  // Whether answering would call a cloud: `refresh`, or a selected account with no set fetched
  // within `max_age` (client limits count such requests apart).
  bool would_fetch(const SourceFilter& selects, bool refresh, std::optional<cache::Duration> max_age) const;

  // When a request or a scrape last showed the account (the refresher slows down idle ones).
  static std::optional<base::SteadyTime> last_activity(const Account& account);
  void note_activity(const SourceFilter& selects);

  // The cached record with this id ("{provider}:{account}:{native id}"), if any account has it.
  std::optional<adapters::QuotaRecord> find_record(std::string_view id) const;

  // The set in force; callers keep it for as long as they use its accounts.
  AccountSetPtr accounts() const;
  // Replaces the set (a configuration reload). Work in flight finishes with the set it started
  // with. A change without replacement must name a current account.
  void replace_accounts(std::vector<AccountChange> next);
  std::chrono::milliseconds fetch_deadline() const { return deps_.fetch_deadline; }
  base::Clock& clock() const { return deps_.upstream.clock; }
  const cache::QuotaCache& cache() const { return deps_.cache; }

 private:
  cache::CacheRequest cache_request(const Account& account) const;
  cache::Fetcher fetcher(AccountPtr account, std::optional<ratelimit::RateLimit> budget = std::nullopt,
                         int prepaid = 0);
  boost::asio::awaitable<cache::FetchOutcome> fetch(AccountPtr account, std::optional<ratelimit::RateLimit> budget,
                                                    int prepaid);
  bool would_fetch(const Account& account, bool refresh, std::optional<cache::Duration> max_age,
                   base::SteadyTime now) const;
  // A client's refresh of the account, if its refresh budget has a slot now (the slot is spent).
  boost::asio::awaitable<bool> admit_refresh(const Account& account);
  // The cached set of fetched records; nullopt when the deadline passed before it was built.
  boost::asio::awaitable<std::optional<cache::RecordSetPtr>> index(adapters::RecordList records,
                                                                   base::SteadyTime deadline);
  boost::asio::awaitable<SourceData> collect_one(AccountPtr account, const CollectRequest& request);
  SourceData to_source_data(const Account& account, const cache::CacheResult& result) const;

  struct WarmList;  // a list collect_now built, and until when it stays true
  SourceList look_up_now(const AccountSetPtr& set, std::vector<bool> selected);
  std::shared_ptr<const WarmList> reuse_warm(const AccountSetPtr& set, const std::vector<bool>& selected);
  void keep_warm(std::shared_ptr<const WarmList> warm);
  void forget_changed_warm();  // after a fetch: lists of older sets would keep those sets alive

  ServiceDeps deps_;
  mutable std::mutex mutex_;
  AccountSetPtr accounts_;
  std::mutex warm_mutex_;
  std::vector<std::shared_ptr<const WarmList>> warm_;  // a few, for the few distinct account filters
};

}  // namespace qg::quotas
