#include "gateway/quotas/service.hpp"

#include "adapters/common/concurrency.hpp"
#include "gateway/base/log.hpp"

namespace qg::quotas {

namespace net = boost::asio;
using adapters::ErrorKind;

QuotaService::QuotaService(ServiceDeps deps, std::vector<Account> accounts)
    : deps_(std::move(deps)), accounts_(std::move(accounts)) {}

QuotaService::~QuotaService() = default;

net::awaitable<cache::FetchOutcome> QuotaService::fetch_account(std::size_t index, bool refresh) {
  if (!deps_.shared) co_return co_await fetch_upstream(index);
  const Account& account = accounts_[index];
  cache::SharedFetch shared;
  shared.key = account.upstream.account;
  shared.ttl = account.cache_ttl.value_or(deps_.policy.ttl);
  shared.retention = shared.ttl + std::max(deps_.policy.stale_while_revalidate, deps_.policy.stale_if_error);
  shared.lock_ttl = deps_.fetch_deadline + std::chrono::seconds(1);
  shared.refresh = refresh;
  shared.deadline = deps_.upstream.clock.steady_now() + deps_.fetch_deadline;
  co_return co_await deps_.shared->fetch_through(std::move(shared), [this, index] { return fetch_upstream(index); });
}

net::awaitable<cache::FetchOutcome> QuotaService::fetch_upstream(std::size_t index) {
  Account& account = accounts_[index];
  auto& clock = deps_.upstream.clock;
  const auto started = clock.steady_now();
  if (account.breaker && !account.breaker->allow(started)) {
    auto error = adapters::make_error(ErrorKind::kCircuitOpen,
                                      "recent fetches failed; calls to this source are paused for a cool-down");
    co_return cache::FetchOutcome{error, 0, std::nullopt};
  }
  AccountCaller caller(deps_.upstream, account.upstream, started + deps_.fetch_deadline);
  auto result = co_await account.provider->fetch_all(caller);
  const auto elapsed_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock.steady_now() - started).count();
  if (!result) {
    if (account.breaker) account.breaker->on_failure(clock.steady_now());
    base::log_warn("fetch failed", {{"provider", account.upstream.provider},
                                    {"account", account.upstream.account},
                                    {"error", adapters::describe(result.error())},
                                    {"upstream_calls", caller.attempts()},
                                    {"duration_ms", elapsed_ms}});
    co_return cache::FetchOutcome{result.error(), caller.attempts(), std::nullopt};
  }
  if (account.breaker) account.breaker->on_success();
  base::log_info("fetched", {{"provider", account.upstream.provider},
                             {"account", account.upstream.account},
                             {"records", result->size()},
                             {"upstream_calls", caller.attempts()},
                             {"duration_ms", elapsed_ms}});
  co_return cache::FetchOutcome{cache::make_record_set(std::move(*result)), caller.attempts(), std::nullopt};
}

net::awaitable<SourceData> QuotaService::collect_one(std::size_t index, bool refresh, base::SteadyTime deadline) {
  const Account& account = accounts_[index];
  cache::CacheRequest request;
  request.key = account.upstream.account;
  request.ttl = account.cache_ttl;
  request.refresh = refresh;
  request.deadline = deadline;
  auto result = co_await deps_.cache.get(std::move(request), [this, index, refresh] { return fetch_account(index, refresh); });

  SourceData data = to_source_data(account, result);
  if (deps_.observe) deps_.observe(data.report, result.state);
  co_return data;
}

SourceData QuotaService::to_source_data(const Account& account, const cache::CacheResult& result) const {
  SourceData data;
  SourceReport& r = data.report;
  r.provider = account.upstream.provider;
  r.account = account.upstream.account;
  r.upstream_calls = result.upstream_calls;
  data.records = result.records;
  data.fresh_for = result.fresh_for;
  if (result.records) r.items = result.records->records.size();
  if (result.fetched_at) {
    const auto now = deps_.upstream.clock.system_now();
    r.fetched_at = std::chrono::duration_cast<std::chrono::seconds>(result.fetched_at->time_since_epoch()).count();
    r.age_seconds = std::max<std::int64_t>(
        0, std::chrono::duration_cast<std::chrono::seconds>(now - *result.fetched_at).count());
  }
  switch (result.state) {
    case cache::CacheState::kHit:
    case cache::CacheState::kFetched:
    case cache::CacheState::kStale:  // stale-while-revalidate: nothing failed, the age says how old
      r.state = SourceState::kOk;
      break;
    case cache::CacheState::kStaleError:
      r.state = SourceState::kStale;
      r.error = result.error;
      break;
    case cache::CacheState::kError:
      r.state = SourceState::kError;
      r.error = result.error;
      data.records = nullptr;
      break;
  }
  return data;
}

std::optional<std::vector<SourceData>> QuotaService::collect_fresh(
    const std::function<bool(std::string_view, std::string_view)>& selects) const {
  std::vector<SourceData> out;
  out.reserve(accounts_.size());
  for (const auto& account : accounts_) {
    if (selects && !selects(account.upstream.provider, account.upstream.account)) continue;
    auto hit = deps_.cache.peek_fresh(account.upstream.account, account.cache_ttl);
    if (!hit) return std::nullopt;
    out.push_back(to_source_data(account, *hit));
  }
  for (const auto& s : out) {
    if (deps_.observe) deps_.observe(s.report, cache::CacheState::kHit);
  }
  return out;
}

std::vector<SourceData> QuotaService::collect_cached(
    const std::function<bool(std::string_view, std::string_view)>& selects, const adapters::UpstreamError& why) const {
  std::vector<SourceData> out;
  for (const auto& account : accounts_) {
    if (selects && !selects(account.upstream.provider, account.upstream.account)) continue;
    out.push_back(to_source_data(account, deps_.cache.peek_usable(account.upstream.account, account.cache_ttl, why)));
  }
  return out;
}

net::awaitable<std::vector<SourceData>> QuotaService::collect(CollectRequest request) {
  std::vector<std::function<net::awaitable<SourceData>()>> tasks;
  for (std::size_t i = 0; i < accounts_.size(); ++i) {
    const auto& up = accounts_[i].upstream;
    if (request.selects && !request.selects(up.provider, up.account)) continue;
    tasks.push_back([this, i, refresh = request.refresh, deadline = request.deadline] {
      return collect_one(i, refresh, deadline);
    });
  }
  co_return co_await adapters::gather(std::move(tasks));
}

}  // namespace qg::quotas
