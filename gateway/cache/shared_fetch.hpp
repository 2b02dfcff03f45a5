#pragma once
// One fetch per account across replicas: a replica that must fetch first looks in the shared
// store for a set another replica fetched recently enough; otherwise it takes the key's lock,
// looks once more (the holder before it may just have stored one), fetches and stores. Replicas
// that lose the race wait for what the winner stores instead of fetching too. Any store failure
// falls back to fetching directly: the store alone never fails a request.

#include <functional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "gateway/base/clock.hpp"
#include "gateway/base/random.hpp"
#include "gateway/cache/quota_cache.hpp"
#include "gateway/cache/shared_store.hpp"

namespace qg::cache {

struct SharedFetchRequest {
  std::string key;                // the account
  base::SystemTime accept_since;  // a stored set fetched at or after this is good enough
  Duration retention;             // how long the store keeps what we fetch
  Duration lock_ttl;              // how long a fetching replica may hold the lock
  base::SteadyTime deadline;      // give up waiting for another replica at this point
};

struct SharedFetchDeps {
  SharedStore& store;
  base::Clock& clock;
  base::Random& random;
  std::function<void(std::string_view operation)> on_fallback;  // "get", "lock", "store"; may be empty
};

boost::asio::awaitable<FetchOutcome> shared_fetch(const SharedFetchDeps& deps, SharedFetchRequest request,
                                                  Fetcher upstream);

}  // namespace qg::cache
