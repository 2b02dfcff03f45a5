#pragma once
// Where replicas share fetched record sets (Redis mode): the layer under the cache. Every
// operation may fail (the store is down or slow); the cache then carries on alone, so a store
// never fails a request by itself.

#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "gateway/base/clock.hpp"
#include "gateway/cache/policy.hpp"
#include "gateway/cache/record_set.hpp"

namespace qg::cache {

struct StoredSet {
  RecordSetPtr records;
  base::SystemTime fetched_at;  // when the replica that fetched it got it from the provider
};

template <class T>
using StoreResult = boost::system::result<T, std::string>;  // error: why the store failed

/// @par Thread Safety
/// Every member may be called concurrently from any thread.
class SharedStore {
 public:
  virtual ~SharedStore() = default;
  // The stored set, or nullopt when there is none (or it cannot be read: the next fetch
  // overwrites it).
  virtual boost::asio::awaitable<StoreResult<std::optional<StoredSet>>> load(std::string key) = 0;
  // Takes the key's fetch lock for `ttl` with `token`; false when another replica holds it.
  virtual boost::asio::awaitable<StoreResult<bool>> lock(std::string key, std::string token, Duration ttl) = 0;
  virtual boost::asio::awaitable<StoreResult<bool>> is_locked(std::string key) = 0;
  // Releases the lock only if it still holds `token` (one that expired and was taken by another
  // replica is not ours to release).
  virtual boost::asio::awaitable<void> unlock(std::string key, std::string token) = 0;
  virtual boost::asio::awaitable<StoreResult<bool>> save(std::string key, StoredSet set, Duration retention) = 0;
};

}  // namespace qg::cache
