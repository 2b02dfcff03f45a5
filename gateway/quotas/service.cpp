#include "gateway/quotas/service.hpp"

#include <algorithm>
#include <stdexcept>

#include "adapters/common/concurrency.hpp"
#include "gateway/base/log.hpp"

namespace qg::quotas {

namespace net = boost::asio;

namespace {

// A breaker protects a cloud that is not answering. A definite refusal (bad credentials, a
// rejected parameter, a frozen account) is an answer: it must not trip the breaker and hide the
// next, valid, credential behind a cool-down.
bool cloud_unavailable(const problem::SourceError& e) { return e.local == problem::Local::kNone && e.retryable(); }

std::int64_t ms_since(base::SteadyTime start, base::Clock& clock) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.steady_now() - start).count();
}

}  // namespace

QuotaService::QuotaService(ServiceDeps deps, std::vector<Account> accounts) : deps_(std::move(deps)) {
  std::vector<AccountChange> all;
  for (auto& a : accounts) all.push_back({a.upstream.account, std::move(a)});
  replace_accounts(std::move(all));
}

QuotaService::~QuotaService() = default;

AccountSetPtr QuotaService::accounts() const {
  std::lock_guard lock(mutex_);
  return accounts_;
}

void QuotaService::replace_accounts(std::vector<AccountChange> next) {
  const auto current = accounts();
  auto set = std::make_shared<AccountSet>();
  set->version = current ? current->version + 1 : 1;
  // Arriving counts as activity: an account is not idle before anyone had a chance to ask.
  const auto now = deps_.upstream.clock.steady_now().time_since_epoch().count();
  for (auto& change : next) {
    AccountPtr account;
    if (change.replacement) {
      change.replacement->activity->store(now, std::memory_order_relaxed);
      account = std::make_shared<const Account>(std::move(*change.replacement));
    } else if (current) {
      for (const auto& old : current->accounts) {
        if (old->upstream.account == change.name) account = old;
      }
    }
    if (!account) throw std::invalid_argument("no current account named " + change.name + " to keep");
    set->names.push_back(account->upstream.account);
    set->accounts.push_back(std::move(account));
  }
  {
    std::lock_guard lock(mutex_);
    accounts_ = std::move(set);
  }
  std::lock_guard lock(warm_mutex_);
  warm_.clear();  // lists of the old set: they would keep removed accounts' sets alive
}

net::awaitable<cache::FetchOutcome> QuotaService::fetch(AccountPtr account_ptr, std::optional<ratelimit::RateLimit> budget,
                                                        int prepaid) {
  const Account& account = *account_ptr;
  auto& clock = deps_.upstream.clock;
  const auto started = clock.steady_now();
  if (account.breaker && !account.breaker->allow(started)) {
    co_return cache::FetchOutcome{problem::local_failure(problem::Local::kCircuitOpen,
                                                         "recent fetches failed; calls to this source are paused "
                                                         "for a cool-down"),
                                  0, std::nullopt};
  }
  AccountCaller caller(deps_.upstream, account.upstream, started + deps_.fetch_deadline, budget, prepaid);
  auto result = co_await account.provider->fetch_all(caller);
  if (!result) {
    const auto local = caller.local_failure();
    auto error = local ? problem::local_failure(*local, result.error().message) : problem::upstream_failure(result.error());
    // Without a credential the cloud was not asked: its breaker learns nothing.
    if (account.breaker && !caller.credentials_failed()) {
      if (cloud_unavailable(error)) account.breaker->on_failure(clock.steady_now());
      else if (!local) account.breaker->on_success();
    }
    base::log_warn("fetch failed", {{"provider", account.upstream.provider},
                                    {"account", account.upstream.account},
                                    {"error", problem::describe(error)},
                                    {"upstream_calls", caller.attempts()},
                                    {"duration_ms", ms_since(started, clock)}});
    co_return cache::FetchOutcome{std::move(error), caller.attempts(), std::nullopt};
  }
  if (account.breaker) account.breaker->on_success();
  const std::size_t records = result->size();
  auto set = co_await index(std::move(*result), started + deps_.fetch_deadline);
  if (!set) {
    base::log_warn("fetch failed", {{"provider", account.upstream.provider},
                                    {"account", account.upstream.account},
                                    {"error", "the fetch deadline passed before its records were indexed"},
                                    {"records", records},
                                    {"duration_ms", ms_since(started, clock)}});
    co_return cache::FetchOutcome{problem::upstream_failure(adapters::make_error(
                                      adapters::ErrorKind::kTimeout,
                                      "the fetch deadline passed before the records were indexed")),
                                  caller.attempts(), std::nullopt};
  }
  base::log_info("fetched", {{"provider", account.upstream.provider},
                             {"account", account.upstream.account},
                             {"records", records},
                             {"upstream_calls", caller.attempts()},
                             {"duration_ms", ms_since(started, clock)}});
  co_return cache::FetchOutcome{std::move(*set), caller.attempts(), std::nullopt};
}

net::awaitable<std::optional<cache::RecordSetPtr>> QuotaService::index(adapters::RecordList records,
                                                                       base::SteadyTime deadline) {
  // Forecasts for every record, then sorting, serializing and indexing the set: the heaviest
  // work of a fetch, on the workers (inline without them).
  auto work = [this, &records] {
    if (deps_.on_fetched) deps_.on_fetched(records);
    return cache::make_record_set(std::move(records));
  };
  if (deps_.upstream.workers == nullptr) co_return work();
  co_return co_await deps_.upstream.workers->run(std::move(work), deadline);
}

cache::Fetcher QuotaService::fetcher(AccountPtr account, std::optional<ratelimit::RateLimit> budget, int prepaid) {
  return [this, account = std::move(account), budget, prepaid] { return fetch(account, budget, prepaid); };
}

net::awaitable<SourceData> QuotaService::refresh(AccountPtr account_ptr, cache::Duration max_age,
                                                 base::SteadyTime deadline, double budget_share) {
  const Account& account = *account_ptr;
  cache::CacheRequest request = cache_request(account);
  request.max_age = max_age;
  request.deadline = deadline;
  auto fetch_it = fetcher(account_ptr, refresh_budget(account.upstream.rate_limit, budget_share));
  auto result = co_await deps_.cache.get(std::move(request), std::move(fetch_it));
  forget_changed_warm();
  co_return to_source_data(account, result);
}

std::optional<adapters::QuotaRecord> QuotaService::find_record(std::string_view id) const {
  const auto first = id.find(':');
  const auto second = first == std::string_view::npos ? first : id.find(':', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const auto account = id.substr(first + 1, second - first - 1);
  const auto snap = deps_.cache.snapshot(std::string(account));
  if (!snap || !snap->records) return std::nullopt;
  const auto& records = snap->records->records;  // sorted by id
  const auto it = std::lower_bound(records.begin(), records.end(), id,
                                   [](const adapters::QuotaRecord& r, std::string_view v) { return r.id < v; });
  if (it == records.end() || it->id != id) return std::nullopt;
  return *it;
}

std::optional<base::SteadyTime> QuotaService::last_activity(const Account& account) {
  const auto ns = account.activity->load(std::memory_order_relaxed);
  if (ns == 0) return std::nullopt;
  return base::SteadyTime(base::SteadyTime::duration(ns));
}

void QuotaService::note_activity(const SourceFilter& selects) {
  const auto now = deps_.upstream.clock.steady_now().time_since_epoch().count();
  const auto set = accounts();
  for (const auto& account : set->accounts) {
    const auto& up = account->upstream;
    if (!selects || selects(up.provider, up.account)) account->activity->store(now, std::memory_order_relaxed);
  }
}

bool QuotaService::would_fetch(const SourceFilter& selects, bool refresh, std::optional<cache::Duration> max_age) const {
  if (!refresh && !max_age) return false;
  const auto now = deps_.upstream.clock.steady_now();
  const auto set = accounts();
  for (const auto& account_ptr : set->accounts) {
    const Account& account = *account_ptr;
    if (selects && !selects(account.upstream.provider, account.upstream.account)) continue;
    if (would_fetch(account, refresh, max_age, now)) return true;
  }
  return false;
}

bool QuotaService::would_fetch(const Account& account, bool refresh, std::optional<cache::Duration> max_age,
                               base::SteadyTime now) const {
  if (refresh) return true;
  if (!max_age) return false;
  const auto snap = deps_.cache.snapshot(account.upstream.account);
  return !snap || !snap->fetched_steady || now - *snap->fetched_steady > *max_age;
}

net::awaitable<bool> QuotaService::admit_refresh(const Account& account) {
  // A slot now, not one to wait for: a few milliseconds of slack for the pacer's own clock reading.
  constexpr auto kNow = std::chrono::milliseconds(10);
  const auto budget = refresh_budget(account.upstream.rate_limit, deps_.refresh_budget_share);
  auto slot = co_await deps_.upstream.pacer.acquire(refresh_budget_key(account.upstream.account), budget,
                                                    deps_.upstream.clock.steady_now() + kNow);
  co_return slot.has_value();
}

cache::CacheRequest QuotaService::cache_request(const Account& account) const {
  cache::CacheRequest request;
  request.key = account.upstream.account;
  request.ttl = account.cache_ttl;
  return request;
}

net::awaitable<SourceData> QuotaService::collect_one(AccountPtr account_ptr, const CollectRequest& collect) {
  const Account& account = *account_ptr;
  cache::CacheRequest request = cache_request(account);
  request.refresh = collect.refresh;
  request.max_age = collect.max_age;
  request.deadline = collect.deadline;
  // A refresh a client asks for spends the account's refresh budget (one slot admits it, the
  // fetch's attempts are paced within it); joining a fetch already in flight costs nothing.
  std::optional<ratelimit::RateLimit> budget;
  bool denied = false;
  if (would_fetch(account, collect.refresh, collect.max_age, deps_.upstream.clock.steady_now())) {
    const auto snap = deps_.cache.snapshot(account.upstream.account);
    if (snap && snap->fetching) {
      request.join_only = true;
    } else if (co_await admit_refresh(account)) {
      budget = refresh_budget(account.upstream.rate_limit, deps_.refresh_budget_share);
    } else {
      request.join_only = true;  // a fetch another request started meanwhile is still joined
      denied = true;
    }
  }
  auto fetch_it = fetcher(account_ptr, budget, budget ? 1 : 0);
  auto result = co_await deps_.cache.get(std::move(request), std::move(fetch_it));
  forget_changed_warm();
  SourceData data = to_source_data(account, result);
  data.refresh_skipped = denied && result.state != cache::CacheState::kFetched;
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

struct QuotaService::WarmList {
  AccountSetPtr set;
  std::vector<bool> selected;  // per account of `set`
  std::uint64_t cache_version = 0;
  // The list shows whole-second ages (system clock) and max-age (steady): true until either
  // ticks for one of its sources (inclusive bound for max-age, exclusive for ages), and until
  // the first source's verdict would change (exclusive).
  base::SystemTime system_until;
  base::SteadyTime steady_until;
  base::SteadyTime verdict_until;
  SourceList sources;
  std::vector<cache::CacheState> states;
  std::vector<std::function<void()>> counters;  // per source: counts its state (ServiceDeps::state_counter)
};

namespace {

// Answers try_get gives again, unchanged, while the entry does not change: a fresh hit and a
// remembered failure (with or without the last set). Not stale-while-revalidate: serving it
// starts a refresh.
bool repeatable(cache::CacheState state) {
  return state == cache::CacheState::kHit || state == cache::CacheState::kStaleError ||
         state == cache::CacheState::kError;
}

}  // namespace

SourceList QuotaService::collect_now(const SourceFilter& selects) {
  note_activity(selects);
  const auto set = accounts();
  std::vector<bool> selected(set->accounts.size());
  for (std::size_t i = 0; i < selected.size(); ++i) {
    const auto& up = set->accounts[i]->upstream;
    selected[i] = !selects || selects(up.provider, up.account);
  }
  if (const auto warm = reuse_warm(set, selected)) {
    if (!warm->counters.empty()) {
      for (const auto& count : warm->counters) count();
    } else if (deps_.observe) {
      for (std::size_t i = 0; i < warm->sources->size(); ++i) deps_.observe((*warm->sources)[i].report, warm->states[i]);
    }
    return warm->sources;
  }
  return look_up_now(set, std::move(selected));
}

SourceList QuotaService::look_up_now(const AccountSetPtr& set, std::vector<bool> selected) {
  auto warm = std::make_shared<WarmList>();
  warm->cache_version = deps_.cache.version();  // before reading: a change meanwhile shows
  const auto steady_before = deps_.upstream.clock.steady_now();
  warm->system_until = base::SystemTime::max();
  warm->steady_until = base::SteadyTime::max();
  warm->verdict_until = base::SteadyTime::max();
  bool keepable = true;
  std::vector<SourceData> out;
  out.reserve(set->accounts.size());
  for (std::size_t i = 0; i < selected.size(); ++i) {
    if (!selected[i]) continue;
    const auto& account_ptr = set->accounts[i];
    auto now = deps_.cache.try_get(cache_request(*account_ptr), fetcher(account_ptr));
    if (!now) return nullptr;
    out.push_back(to_source_data(*account_ptr, *now));
    warm->states.push_back(now->state);
    keepable = keepable && repeatable(now->state) && now->holds_for > cache::Duration{0};
    if (!keepable) continue;
    warm->verdict_until = std::min(warm->verdict_until, steady_before + now->holds_for);
    if (now->fetched_at) {
      const auto age = std::chrono::seconds(out.back().report.age_seconds.value_or(0));
      warm->system_until = std::min(warm->system_until, *now->fetched_at + age + std::chrono::seconds(1));
    }
    if (now->fresh_for > cache::Duration{0}) {  // a shown max-age counts down (0: stale, it stays 0)
      const auto whole = std::chrono::duration_cast<std::chrono::seconds>(now->fresh_for);
      warm->steady_until = std::min(warm->steady_until, steady_before + (now->fresh_for - whole));
    }
  }
  auto sources = std::make_shared<const std::vector<SourceData>>(std::move(out));
  if (deps_.observe) {
    for (std::size_t i = 0; i < sources->size(); ++i) deps_.observe((*sources)[i].report, warm->states[i]);
  }
  if (keepable) {
    warm->set = set;
    warm->selected = std::move(selected);
    warm->sources = sources;
    if (deps_.state_counter) {
      for (std::size_t i = 0; i < sources->size(); ++i) {
        warm->counters.push_back(deps_.state_counter((*sources)[i].report, warm->states[i]));
      }
    }
    keep_warm(std::move(warm));
  }
  return sources;
}

std::shared_ptr<const QuotaService::WarmList> QuotaService::reuse_warm(const AccountSetPtr& set,
                                                                       const std::vector<bool>& selected) {
  const auto version = deps_.cache.version();
  const auto system_now = deps_.upstream.clock.system_now();
  const auto steady_now = deps_.upstream.clock.steady_now();
  std::lock_guard lock(warm_mutex_);
  for (const auto& w : warm_) {
    // `steady_until` is the last instant every max-age shows what it showed (inclusive);
    // `system_until` the first instant an age shows one more (exclusive).
    if (w->set == set && w->selected == selected && w->cache_version == version && system_now < w->system_until &&
        steady_now <= w->steady_until && steady_now < w->verdict_until) {
      return w;
    }
  }
  return nullptr;
}

void QuotaService::keep_warm(std::shared_ptr<const WarmList> warm) {
  constexpr std::size_t kKept = 8;
  std::lock_guard lock(warm_mutex_);
  std::erase_if(warm_, [&](const auto& w) {
    return w->selected == warm->selected || w->set != warm->set || w->cache_version != warm->cache_version;
  });
  if (warm_.size() >= kKept) warm_.erase(warm_.begin());
  warm_.push_back(std::move(warm));
}

void QuotaService::forget_changed_warm() {
  const auto version = deps_.cache.version();
  std::lock_guard lock(warm_mutex_);
  std::erase_if(warm_, [&](const auto& w) { return w->cache_version != version; });
}

std::vector<SourceData> QuotaService::collect_cached(const SourceFilter& selects,
                                                     const problem::SourceError& why) const {
  std::vector<SourceData> out;
  const auto set = accounts();
  for (const auto& account_ptr : set->accounts) {
    const Account& account = *account_ptr;
    if (selects && !selects(account.upstream.provider, account.upstream.account)) continue;
    out.push_back(to_source_data(account, deps_.cache.peek_usable(account.upstream.account, account.cache_ttl, why)));
  }
  return out;
}

net::awaitable<std::vector<SourceData>> QuotaService::collect(CollectRequest request) {
  note_activity(request.selects);
  std::vector<std::function<net::awaitable<SourceData>()>> tasks;
  const auto set = accounts();  // held until every source answered
  for (const auto& account : set->accounts) {
    const auto& up = account->upstream;
    if (request.selects && !request.selects(up.provider, up.account)) continue;
    tasks.push_back([this, account, &request] { return collect_one(account, request); });
  }
  co_return co_await adapters::gather(std::move(tasks));
}

}  // namespace qg::quotas
