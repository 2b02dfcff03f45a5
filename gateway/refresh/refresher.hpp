#pragma once
// Refresh-ahead: one coroutine per account keeps its cached set fresh without client traffic,
// on the schedule of schedule.hpp, through the same cache (so with Redis one replica fetches an
// account for the whole cluster and the others adopt its set) and within a budget share of the
// account's rate limit.

#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "gateway/base/random.hpp"
#include "gateway/base/task_group.hpp"
#include "gateway/quotas/service.hpp"
#include "gateway/refresh/schedule.hpp"

namespace qg::refresh {

struct RefresherDeps {
  quotas::QuotaService& service;
  base::Clock& clock;
  base::Random& random;
  RefreshPolicy policy;
  cache::Duration default_ttl;  // cache.ttl, for accounts without their own
  // After each refresh (metrics); may be empty.
  std::function<void(const quotas::SourceData&)> observe;
};

/// @par Thread Safety
/// start() once, then sync() from any thread; the loops run on the given executor.
class Refresher {
 public:
  explicit Refresher(RefresherDeps deps);
  // One loop per account, tracked by `tasks` (cancelled and awaited at shutdown).
  void start(boost::asio::any_io_executor executor, base::TaskGroup& tasks);
  // After the accounts were replaced: a loop for each new account; the loop of an account that
  // is gone ends when it next wakes, before fetching anything.
  void sync();

 private:
  boost::asio::awaitable<void> run(quotas::AccountPtr account);
  AccountTimes observe_account(const quotas::Account& account, AccountTimes times) const;
  bool current(const quotas::Account& account) const;

  RefresherDeps deps_;
  std::mutex mutex_;
  std::optional<boost::asio::any_io_executor> executor_;
  base::TaskGroup* tasks_ = nullptr;
  std::set<const quotas::Account*> running_;
};

}  // namespace qg::refresh
