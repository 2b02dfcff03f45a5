#include "gateway/cache/record_cache.hpp"

#include <algorithm>
#include <exception>

#include <boost/asio/experimental/awaitable_operators.hpp>

#include "gateway/base/event.hpp"
#include "gateway/cache/shared_fetch.hpp"

namespace qg::cache {

namespace net = boost::asio;
using namespace net::experimental::awaitable_operators;
using adapters::ErrorKind;

std::string_view to_string(CacheState state) {
  switch (state) {
    case CacheState::kHit: return "hit";
    case CacheState::kFetched: return "miss";
    case CacheState::kStale: return "stale_while_revalidate";
    case CacheState::kStaleError: return "stale_if_error";
    case CacheState::kError: return "error";
  }
  return "error";
}

// One fetch in progress; `outcome` is written under the cache mutex before `done` is set.
struct RecordCache::Flight {
  explicit Flight(net::any_io_executor ex) : done(std::move(ex)) {}
  base::Event done;
  std::optional<FetchOutcome> outcome;
};

struct RecordCache::Entry {
  RecordSetPtr records;  // the last good set
  std::optional<base::SystemTime> fetched_at;
  base::SteadyTime fetched_steady{};  // the same instant on the steady clock
  std::optional<base::SystemTime> last_success;
  std::optional<problem::SourceError> last_error;  // only while more recent than the last success
  base::SteadyTime failed_steady{};
  std::shared_ptr<Flight> flight;
  base::SteadyTime last_access{};
};

RecordCache::RecordCache(RecordCacheDeps deps) : deps_(std::move(deps)) {}

RecordCache::~RecordCache() = default;

std::size_t RecordCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

EntryAges RecordCache::ages(const Entry& entry) const {
  const auto now = deps_.clock.steady_now();
  EntryAges a;
  if (entry.records) a.age = now - entry.fetched_steady;
  if (entry.last_error) a.since_failure = now - entry.failed_steady;
  return a;
}

CacheResult RecordCache::serve(const Entry& entry, CacheState state, Duration ttl) const {
  CacheResult r;
  r.state = state;
  r.records = entry.records;
  r.fetched_at = entry.fetched_at;
  r.fresh_for = fresh_for(deps_.clock.steady_now() - entry.fetched_steady, ttl);
  return r;
}

CacheResult RecordCache::serve_stale_or_error(const Entry& entry, Duration ttl, problem::SourceError error,
                                              std::size_t calls) const {
  CacheResult r;
  r.upstream_calls = calls;
  r.error = std::move(error);
  if (usable_after_failure(deps_.policy, ages(entry).age, ttl)) {
    r.state = CacheState::kStaleError;
    r.records = entry.records;
    r.fetched_at = entry.fetched_at;
  } else {
    r.state = CacheState::kError;
  }
  return r;
}

std::optional<CacheResult> RecordCache::answer_now(const CacheRequest& request, const Fetcher& fetch, Entry& entry,
                                                   std::shared_ptr<Flight>& wait_for) {
  const Duration ttl = request.ttl.value_or(deps_.policy.ttl);
  entry.last_access = deps_.clock.steady_now();
  const EntryAges now = ages(entry);
  const bool asks = !request.join_only || entry.flight;
  const Wants wants{ttl, asks ? request.max_age : std::nullopt, asks && request.refresh};
  switch (decide(deps_.policy, now, wants)) {
    case Verdict::kFresh: {
      auto r = serve(entry, CacheState::kHit, ttl);
      r.holds_for = verdict_holds_for(deps_.policy, now, wants);
      return r;
    }
    case Verdict::kServeAndRevalidate:
      if (!entry.flight) start_flight(request, entry, fetch);
      return serve(entry, CacheState::kStale, ttl);
    case Verdict::kServeStale:
    case Verdict::kFail: {
      auto r = serve_stale_or_error(entry, ttl, *entry.last_error, 0);
      r.holds_for = verdict_holds_for(deps_.policy, now, wants);
      return r;
    }
    case Verdict::kFetch: break;
  }
  wait_for = entry.flight ? entry.flight : start_flight(request, entry, fetch);
  return std::nullopt;
}

std::optional<CacheResult> RecordCache::try_get(const CacheRequest& request, const Fetcher& fetch) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(request.key);
  if (it == entries_.end()) it = entries_.emplace(request.key, Entry{}).first;
  std::shared_ptr<Flight> ignored;
  auto r = answer_now(request, fetch, it->second, ignored);
  evict_if_needed();
  return r;
}

net::awaitable<CacheResult> RecordCache::get(CacheRequest request, Fetcher fetch) {
  const Duration ttl = request.ttl.value_or(deps_.policy.ttl);
  std::shared_ptr<Flight> flight;
  {
    std::lock_guard lock(mutex_);
    if (auto r = answer_now(request, fetch, entries_[request.key], flight)) co_return *r;
    evict_if_needed();
  }
  co_await (flight->done.wait() || deps_.clock.sleep_until(request.deadline));

  std::lock_guard lock(mutex_);
  const Entry& entry = entries_[request.key];
  // The deadline passed, or the wait was cancelled (the requester gave up): either way no outcome.
  if (!flight->outcome) {
    auto error = problem::upstream_failure(adapters::make_error(
        ErrorKind::kTimeout,
        "no complete answer from the provider before the request deadline (the fetch goes on and will fill the cache)"));
    co_return serve_stale_or_error(entry, ttl, std::move(error), 0);
  }
  const FetchOutcome& outcome = *flight->outcome;
  if (!outcome.result) co_return serve_stale_or_error(entry, ttl, outcome.result.error(), outcome.upstream_calls);
  CacheResult r = serve(entry, CacheState::kFetched, ttl);
  r.records = *outcome.result;
  r.upstream_calls = outcome.upstream_calls;
  co_return r;
}

Fetcher RecordCache::through_store(const CacheRequest& request, Fetcher upstream) {
  if (deps_.shared == nullptr) return upstream;
  const auto now = deps_.clock.system_now();
  const Duration ttl = request.ttl.value_or(deps_.policy.ttl);
  // The newest of what the caller accepts: fresh by ttl, within max_age, fetched after now.
  auto since = now - std::chrono::duration_cast<base::SystemTime::duration>(ttl);
  if (request.max_age) since = std::max(since, now - std::chrono::duration_cast<base::SystemTime::duration>(*request.max_age));
  if (request.refresh) since = now;
  SharedFetchRequest shared{request.key, since, retention(deps_.policy, ttl), deps_.lock_ttl,
                            deps_.clock.steady_now() + deps_.lock_ttl};
  return [this, shared = std::move(shared), upstream = std::move(upstream)]() -> net::awaitable<FetchOutcome> {
    SharedFetchDeps deps{*deps_.shared, deps_.clock, deps_.random, deps_.on_store_fallback};
    co_return co_await shared_fetch(deps, shared, upstream);
  };
}

std::shared_ptr<RecordCache::Flight> RecordCache::start_flight(const CacheRequest& request, Entry& entry,
                                                               Fetcher fetch) {
  auto flight = std::make_shared<Flight>(deps_.background);
  entry.flight = flight;
  deps_.tasks.spawn(
      deps_.background,
      [](RecordCache* self, std::string k, std::shared_ptr<Flight> f, Fetcher fetcher) -> net::awaitable<void> {
        FetchOutcome outcome{problem::SourceError{}, 0, std::nullopt};
        try {
          outcome = co_await fetcher();
        } catch (const std::exception& e) {
          // Cancelled at shutdown, or a bug below: either way the waiters get an answer.
          outcome.result = problem::local_failure(problem::Local::kShuttingDown, std::string("fetch aborted: ") + e.what());
        }
        self->finish_flight(k, f, std::move(outcome));
      }(this, request.key, flight, through_store(request, std::move(fetch))),
      "cache fetch");
  return flight;
}

void RecordCache::finish_flight(const std::string& key, const std::shared_ptr<Flight>& flight, FetchOutcome outcome) {
  // Another replica's set (it came with its own fetch time and cost us no call): outside the lock,
  // since what learns from it may take a while over a large set.
  if (outcome.result && outcome.fetched_at && outcome.upstream_calls == 0 && deps_.on_adopted) {
    deps_.on_adopted(key, **outcome.result, *outcome.fetched_at);
  }
  {
    std::lock_guard lock(mutex_);
    Entry& entry = entries_[key];
    if (outcome.result) {
      const auto now_system = deps_.clock.system_now();
      const auto fetched_at = outcome.fetched_at.value_or(now_system);
      entry.records = *outcome.result;
      entry.fetched_at = fetched_at;
      // Data fetched earlier by another replica is as old here as it is there.
      entry.fetched_steady = deps_.clock.steady_now() - std::chrono::duration_cast<Duration>(
                                                            std::max(now_system - fetched_at, base::SystemTime::duration{0}));
      entry.last_success = fetched_at;
      entry.last_error.reset();
    } else {
      entry.last_error = outcome.result.error();
      entry.failed_steady = deps_.clock.steady_now();
    }
    version_.fetch_add(1, std::memory_order_release);
    flight->outcome = std::move(outcome);
    if (entry.flight == flight) entry.flight.reset();
    evict_if_needed();
  }
  flight->done.set();
}

CacheResult RecordCache::peek_usable(const std::string& key, std::optional<Duration> ttl,
                                     const problem::SourceError& why) const {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  if (it == entries_.end()) {
    CacheResult r;
    r.error = why;
    return r;
  }
  return serve_stale_or_error(it->second, ttl.value_or(deps_.policy.ttl), why, 0);
}

void RecordCache::evict_if_needed() {
  while (entries_.size() > deps_.policy.max_entries) {
    auto victim = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->second.flight) continue;  // its waiters still need it
      if (victim == entries_.end() || it->second.last_access < victim->second.last_access) victim = it;
    }
    if (victim == entries_.end()) return;
    entries_.erase(victim);
    version_.fetch_add(1, std::memory_order_release);
  }
}

CacheSnapshot RecordCache::snapshot_of(const std::string& key, const Entry& e) const {
  CacheSnapshot s{key, e.records, e.fetched_at, std::nullopt, e.last_success, e.last_error, std::nullopt, e.flight != nullptr};
  if (e.records) s.fetched_steady = e.fetched_steady;
  if (e.last_error) s.failed_steady = e.failed_steady;
  return s;
}

std::vector<CacheSnapshot> RecordCache::snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<CacheSnapshot> out;
  out.reserve(entries_.size());
  for (const auto& [key, e] : entries_) out.push_back(snapshot_of(key, e));
  return out;
}

std::optional<CacheSnapshot> RecordCache::snapshot(const std::string& key) const {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return snapshot_of(key, it->second);
}

}  // namespace qg::cache
