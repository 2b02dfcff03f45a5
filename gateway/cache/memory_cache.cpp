#include "gateway/cache/memory_cache.hpp"

#include <algorithm>
#include <exception>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace qg::cache {

namespace net = boost::asio;
using namespace net::experimental::awaitable_operators;
using adapters::ErrorKind;
using adapters::UpstreamError;

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

// One fetch in progress. `done` is closed when it finishes: close() completes every pending
// receive and every later one at once, so no waiter can miss the wake-up.
struct MemoryCache::Flight {
  explicit Flight(net::any_io_executor ex) : done(std::move(ex)) {}
  net::experimental::concurrent_channel<void(boost::system::error_code)> done;
  std::optional<FetchOutcome> outcome;  // written under the cache mutex before `done` closes
};

struct MemoryCache::Entry {
  RecordSetPtr records;                      // the last good set
  std::optional<base::SystemTime> fetched_at;
  base::SteadyTime fetched_steady{};         // the same instant on the steady clock
  std::optional<base::SystemTime> last_success;
  std::optional<UpstreamError> last_error;
  std::shared_ptr<Flight> flight;
  base::SteadyTime last_access{};
};

MemoryCache::MemoryCache(CachePolicy policy, base::Clock& clock, net::any_io_executor background,
                         base::TaskGroup& tasks)
    : policy_(policy), clock_(clock), background_(std::move(background)), tasks_(tasks) {}

MemoryCache::~MemoryCache() = default;

std::size_t MemoryCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::size_t MemoryCache::fetches_started() const {
  std::lock_guard lock(mutex_);
  return fetches_started_;
}

std::shared_ptr<MemoryCache::Flight> MemoryCache::start_flight(const std::string& key, Entry& entry, Fetcher fetch) {
  auto flight = std::make_shared<Flight>(background_);
  entry.flight = flight;
  ++fetches_started_;
  tasks_.spawn(
      background_,
      [](MemoryCache* self, std::string k, std::shared_ptr<Flight> f, Fetcher fetcher) -> net::awaitable<void> {
        FetchOutcome outcome{UpstreamError{}, 0, std::nullopt};
        try {
          outcome = co_await fetcher();
        } catch (const std::exception& e) {
          // Cancelled at shutdown, or a bug below: either way the waiters get an answer.
          outcome.result = adapters::make_error(ErrorKind::kPermanent, std::string("fetch aborted: ") + e.what());
        }
        self->finish_flight(k, f, std::move(outcome));
      }(this, key, flight, std::move(fetch)),
      "cache fetch");
  return flight;
}

void MemoryCache::finish_flight(const std::string& key, const std::shared_ptr<Flight>& flight, FetchOutcome outcome) {
  {
    std::lock_guard lock(mutex_);
    Entry& entry = entries_[key];
    if (outcome.result) {
      const auto now_system = clock_.system_now();
      const auto fetched_at = outcome.fetched_at.value_or(now_system);
      entry.records = *outcome.result;
      entry.fetched_at = fetched_at;
      // Data fetched earlier by another replica is as old here as it is there.
      entry.fetched_steady = clock_.steady_now() - std::chrono::duration_cast<Duration>(
                                                       std::max(now_system - fetched_at, base::SystemTime::duration{0}));
      entry.last_success = fetched_at;
      entry.last_error.reset();
    } else {
      entry.last_error = outcome.result.error();
    }
    flight->outcome = std::move(outcome);
    if (entry.flight == flight) entry.flight.reset();
    evict_if_needed();
  }
  flight->done.close();
}

CacheResult MemoryCache::serve_stale_or_error(const Entry& entry, Duration ttl, UpstreamError error,
                                              std::size_t calls) const {
  CacheResult r;
  r.upstream_calls = calls;
  r.error = std::move(error);
  const bool usable = entry.records && clock_.steady_now() - entry.fetched_steady < ttl + policy_.stale_if_error;
  if (usable) {
    r.state = CacheState::kStaleError;
    r.records = entry.records;
    r.fetched_at = entry.fetched_at;
  } else {
    r.state = CacheState::kError;
  }
  return r;
}

net::awaitable<CacheResult> MemoryCache::get(CacheRequest request, Fetcher fetch) {
  const Duration ttl = request.ttl.value_or(policy_.ttl);
  std::shared_ptr<Flight> flight;
  {
    std::lock_guard lock(mutex_);
    Entry& entry = entries_[request.key];
    const auto now = clock_.steady_now();
    entry.last_access = now;
    if (entry.records && !request.refresh) {
      const auto age = now - entry.fetched_steady;
      if (age < ttl) {
        CacheResult r;
        r.state = CacheState::kHit;
        r.records = entry.records;
        r.fetched_at = entry.fetched_at;
        r.fresh_for = ttl - age;
        co_return r;
      }
      if (age < ttl + policy_.stale_while_revalidate) {
        if (!entry.flight) start_flight(request.key, entry, std::move(fetch));
        CacheResult r;
        r.state = CacheState::kStale;
        r.records = entry.records;
        r.fetched_at = entry.fetched_at;
        co_return r;
      }
    }
    flight = entry.flight ? entry.flight : start_flight(request.key, entry, std::move(fetch));
    evict_if_needed();
  }

  auto waited = co_await (flight->done.async_receive(net::as_tuple(net::use_awaitable)) ||
                          clock_.sleep_until(request.deadline));

  std::lock_guard lock(mutex_);
  const Entry& entry = entries_[request.key];
  // The deadline passed, or the wait was cancelled (the requester gave up): either way no outcome.
  if (!flight->outcome) {
    auto error = adapters::make_error(ErrorKind::kTimeout,
                                      "no complete answer from the provider before the request deadline "
                                      "(the fetch goes on and will fill the cache)");
    co_return serve_stale_or_error(entry, ttl, std::move(error), 0);
  }
  const FetchOutcome& outcome = *flight->outcome;
  if (!outcome.result) co_return serve_stale_or_error(entry, ttl, outcome.result.error(), outcome.upstream_calls);
  CacheResult r;
  r.state = CacheState::kFetched;
  r.records = *outcome.result;
  r.fetched_at = outcome.fetched_at.value_or(entry.fetched_at.value_or(clock_.system_now()));
  r.upstream_calls = outcome.upstream_calls;
  const auto age = clock_.steady_now() - entry.fetched_steady;
  r.fresh_for = age < ttl ? ttl - age : Duration{0};
  co_return r;
}

std::optional<CacheResult> MemoryCache::peek_fresh(const std::string& key, std::optional<Duration> ttl) const {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  if (it == entries_.end() || !it->second.records) return std::nullopt;
  const auto age = clock_.steady_now() - it->second.fetched_steady;
  const Duration fresh = ttl.value_or(policy_.ttl);
  if (age >= fresh) return std::nullopt;
  CacheResult r;
  r.state = CacheState::kHit;
  r.records = it->second.records;
  r.fetched_at = it->second.fetched_at;
  r.fresh_for = fresh - age;
  return r;
}

CacheResult MemoryCache::peek_usable(const std::string& key, std::optional<Duration> ttl,
                                     const adapters::UpstreamError& why) const {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  if (it == entries_.end()) {
    CacheResult r;
    r.error = why;
    return r;
  }
  return serve_stale_or_error(it->second, ttl.value_or(policy_.ttl), why, 0);
}

void MemoryCache::evict_if_needed() {
  while (entries_.size() > policy_.max_entries) {
    auto victim = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->second.flight) continue;  // its waiters still need it
      if (victim == entries_.end() || it->second.last_access < victim->second.last_access) victim = it;
    }
    if (victim == entries_.end()) return;
    entries_.erase(victim);
  }
}

std::vector<CacheSnapshot> MemoryCache::snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<CacheSnapshot> out;
  out.reserve(entries_.size());
  for (const auto& [key, e] : entries_) {
    out.push_back(CacheSnapshot{key, e.records, e.fetched_at, e.last_success, e.last_error});
  }
  return out;
}

}  // namespace qg::cache
