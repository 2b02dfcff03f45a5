#include "gateway/refresh/refresher.hpp"

#include <algorithm>

#include <boost/asio/this_coro.hpp>

#include "gateway/base/log.hpp"

namespace qg::refresh {

namespace net = boost::asio;

Refresher::Refresher(RefresherDeps deps) : deps_(std::move(deps)) {}

void Refresher::start(net::any_io_executor executor, base::TaskGroup& tasks) {
  if (!deps_.policy.enabled) return;
  {
    std::lock_guard lock(mutex_);
    executor_ = std::move(executor);
    tasks_ = &tasks;
  }
  sync();
}

void Refresher::sync() {
  std::lock_guard lock(mutex_);
  if (!tasks_) return;
  const auto set = deps_.service.accounts();
  for (const auto& account : set->accounts) {
    if (running_.insert(account.get()).second) tasks_->spawn(*executor_, run(account), "refresher");
  }
}

bool Refresher::current(const quotas::Account& account) const {
  const auto set = deps_.service.accounts();
  return std::any_of(set->accounts.begin(), set->accounts.end(),
                     [&](const quotas::AccountPtr& a) { return a.get() == &account; });
}

// The times only the cache, the breaker and the service know, on top of the loop's own.
AccountTimes Refresher::observe_account(const quotas::Account& account, AccountTimes times) const {
  const auto now = deps_.clock.steady_now();
  const auto snapshot = deps_.service.cache().snapshot(account.upstream.account);
  times.fetched = snapshot ? snapshot->fetched_steady : std::nullopt;
  times.breaker_until = account.breaker ? account.breaker->open_until(now) : std::nullopt;
  times.last_activity = quotas::QuotaService::last_activity(account);
  // A failure the loop did not see itself (the warm-up's, a client's fetch) counts too: an account
  // that just failed is not asked again at once.
  if (snapshot && snapshot->last_error && snapshot->failed_steady &&
      (!times.last_failure || *times.last_failure < *snapshot->failed_steady)) {
    times.last_failure = snapshot->failed_steady;
    times.failures = std::max(times.failures, 1);
  }
  return times;
}

net::awaitable<void> Refresher::run(quotas::AccountPtr account) {
  const cache::Duration ttl = account->cache_ttl.value_or(deps_.default_ttl);
  AccountTimes times;
  for (;;) {
    times = observe_account(*account, times);
    const double jitter = deps_.random.uniform01();
    co_await deps_.clock.sleep_until(next_refresh(deps_.policy, ttl, times, deps_.clock.steady_now(), jitter));
    if ((co_await net::this_coro::cancellation_state).cancelled() != net::cancellation_type::none) co_return;
    // Removed or replaced by a reload meanwhile: its configuration is no longer in force.
    if (!current(*account)) {
      std::lock_guard lock(mutex_);
      running_.erase(account.get());
      co_return;
    }

    const auto started = deps_.clock.steady_now();
    auto data = co_await deps_.service.refresh(account, wanted_max_age(ttl), started + deps_.service.fetch_deadline(),
                                               deps_.policy.budget_share);
    times.last_start = started;
    times.last_duration = deps_.clock.steady_now() - started;
    if (data.report.state == quotas::SourceState::kOk) {
      times.failures = 0;
    } else {
      ++times.failures;
      times.last_failure = deps_.clock.steady_now();
    }
    if (deps_.observe) deps_.observe(data);
  }
}

}  // namespace qg::refresh
