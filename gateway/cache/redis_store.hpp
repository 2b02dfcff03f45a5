#pragma once
// The shared store on Redis: a set per account under <prefix>set:<account> with a PX of its
// retention, and a fetch lock under <prefix>lock:<account> (SET NX PX with a token, released by
// compare-and-delete).

#include <string>

#include "gateway/base/cpu_pool.hpp"
#include "gateway/cache/shared_store.hpp"
#include "gateway/redis/client.hpp"

namespace qg::cache {

class RedisStore final : public SharedStore {
 public:
  // `workers`: where sets are encoded and decoded (a large account's take a while); null: inline.
  RedisStore(redis::Client& client, std::string prefix, base::CpuPool* workers = nullptr);

  boost::asio::awaitable<StoreResult<std::optional<StoredSet>>> load(std::string key) override;
  boost::asio::awaitable<StoreResult<bool>> lock(std::string key, std::string token, Duration ttl) override;
  boost::asio::awaitable<StoreResult<bool>> is_locked(std::string key) override;
  boost::asio::awaitable<void> unlock(std::string key, std::string token) override;
  boost::asio::awaitable<StoreResult<bool>> save(std::string key, StoredSet set, Duration retention) override;

 private:
  redis::Client& client_;
  std::string prefix_;
  redis::Script release_;
  base::CpuPool* workers_;
};

// The stored form: {"fetched_at_ms":N,"records":[record with raw, ...]}.
std::string encode_shared_set(const RecordSet& set, base::SystemTime fetched_at);
std::optional<StoredSet> decode_shared_set(std::string_view text);

}  // namespace qg::cache
