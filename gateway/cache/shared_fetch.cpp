#include "gateway/cache/shared_fetch.hpp"

#include <chrono>

namespace qg::cache {

namespace net = boost::asio;

namespace {

// How often a waiting replica looks for the winner's set.
constexpr auto kPollInterval = std::chrono::milliseconds(50);

enum class Found { kStoreFailed, kNothing, kGood };

struct Look {
  Found found = Found::kNothing;
  std::optional<StoredSet> set;
};

net::awaitable<Look> look(const SharedFetchDeps& deps, const SharedFetchRequest& request) {
  auto loaded = co_await deps.store.load(request.key);
  if (!loaded) co_return Look{Found::kStoreFailed, std::nullopt};
  if (*loaded && (*loaded)->fetched_at >= request.accept_since) co_return Look{Found::kGood, std::move(*loaded)};
  co_return Look{Found::kNothing, std::nullopt};
}

FetchOutcome adopted(const StoredSet& set) { return FetchOutcome{set.records, 0, set.fetched_at}; }

}  // namespace

net::awaitable<FetchOutcome> shared_fetch(const SharedFetchDeps& deps, SharedFetchRequest request, Fetcher upstream) {
  auto fallback = [&](std::string_view what) -> net::awaitable<FetchOutcome> {
    if (deps.on_fallback) deps.on_fallback(what);
    co_return co_await upstream();
  };
  auto first = co_await look(deps, request);
  if (first.found == Found::kStoreFailed) co_return co_await fallback("get");
  if (first.found == Found::kGood) co_return adopted(*first.set);

  const std::string token = deps.random.hex(16);
  for (;;) {
    auto locked = co_await deps.store.lock(request.key, token, request.lock_ttl);
    if (!locked) co_return co_await fallback("lock");
    if (*locked) {
      // Another replica may have fetched, stored and released between our look and our lock.
      auto again = co_await look(deps, request);
      if (again.found == Found::kGood) {
        co_await deps.store.unlock(request.key, token);
        co_return adopted(*again.set);
      }
      FetchOutcome outcome = co_await upstream();
      if (outcome.result) {
        const auto at = outcome.fetched_at.value_or(deps.clock.system_now());
        outcome.fetched_at = at;
        // Named, not a braced temporary in the call: g++ 12 destroys such a coroutine argument twice.
        StoredSet fetched{*outcome.result, at};
        auto saved = co_await deps.store.save(request.key, std::move(fetched), request.retention);
        if (!saved && deps.on_fallback) deps.on_fallback("store");
      }
      co_await deps.store.unlock(request.key, token);
      co_return outcome;
    }
    // Another replica holds the lock: wait for what it stores, or for the lock to go away.
    for (;;) {
      if (deps.clock.steady_now() + kPollInterval >= request.deadline) {
        co_return FetchOutcome{problem::upstream_failure(adapters::make_error(
                                   adapters::ErrorKind::kTimeout,
                                   "another replica's fetch did not finish before the deadline")),
                               0, std::nullopt};
      }
      co_await deps.clock.sleep_for(kPollInterval);
      auto waited = co_await look(deps, request);
      if (waited.found == Found::kStoreFailed) co_return co_await fallback("get");
      if (waited.found == Found::kGood) co_return adopted(*waited.set);
      auto holder = co_await deps.store.is_locked(request.key);
      if (!holder) co_return co_await fallback("lock");
      if (!*holder) break;  // released without a good set (its fetch failed): try ourselves
    }
  }
}

}  // namespace qg::cache
