#pragma once
// The cache shared by replicas (Redis mode). Sits under MemoryCache as its fetcher: a replica
// whose local entry misses first looks in Redis for a set another replica fetched; otherwise it
// takes a short lock (SET NX PX with a token, released by compare-and-delete) and fetches, and
// replicas that lost the race wait for the winner's result instead of fetching too. When Redis
// fails, it falls back to fetching directly: Redis alone never fails a request.

#include <functional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "gateway/base/clock.hpp"
#include "gateway/base/random.hpp"
#include "gateway/cache/quota_cache.hpp"
#include "gateway/redis/client.hpp"

namespace qg::cache {

struct SharedFetch {
  std::string key;             // the account
  Duration ttl;                // how long a stored set counts as fresh
  Duration retention;          // how long Redis keeps it (ttl + stale windows)
  Duration lock_ttl;           // how long a fetching replica may hold the lock
  bool refresh = false;        // skip stored data; still one fetch across replicas
  base::SteadyTime deadline;   // give up waiting for another replica at this point
};

class RedisStore {
 public:
  RedisStore(redis::Client& client, base::Clock& clock, base::Random& random, std::string prefix);

  boost::asio::awaitable<FetchOutcome> fetch_through(SharedFetch request, Fetcher upstream);

  // Called when an operation falls back because Redis failed ("get", "lock", "store").
  std::function<void(std::string_view operation)> on_fallback;

 private:
  struct Stored {
    RecordSetPtr records;
    base::SystemTime fetched_at;
  };
  boost::asio::awaitable<std::optional<Stored>> load(const std::string& key, bool& redis_failed);

  redis::Client& client_;
  base::Clock& clock_;
  base::Random& random_;
  std::string prefix_;
  redis::Script release_;
};

// The stored form: {"fetched_at_ms":N,"records":[record with raw, ...]}.
std::string encode_shared_set(const RecordSet& set, base::SystemTime fetched_at);
std::optional<std::pair<RecordSetPtr, base::SystemTime>> decode_shared_set(std::string_view text);

}  // namespace qg::cache
