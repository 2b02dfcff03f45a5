#pragma once
// A SharedStore in one map: what a Redis server would hold for replicas, without the server. For
// tests of the cross-replica behaviour in simulated time; `down` makes every operation fail.

#include <map>
#include <string>

#include "gateway/cache/shared_store.hpp"

namespace qg::test {

class MemoryStore final : public cache::SharedStore {
 public:
  bool down = false;
  int saves = 0;

  boost::asio::awaitable<cache::StoreResult<std::optional<cache::StoredSet>>> load(std::string key) override {
    if (down) co_return cache::StoreResult<std::optional<cache::StoredSet>>(boost::system::in_place_error, "down");
    auto it = sets_.find(key);
    co_return it == sets_.end() ? std::optional<cache::StoredSet>{} : std::optional<cache::StoredSet>(it->second);
  }
  boost::asio::awaitable<cache::StoreResult<bool>> lock(std::string key, std::string token, cache::Duration) override {
    if (down) co_return cache::StoreResult<bool>(boost::system::in_place_error, "down");
    co_return locks_.emplace(key, token).second;
  }
  boost::asio::awaitable<cache::StoreResult<bool>> is_locked(std::string key) override {
    co_return locks_.count(key) > 0;
  }
  boost::asio::awaitable<void> unlock(std::string key, std::string token) override {
    if (auto it = locks_.find(key); it != locks_.end() && it->second == token) locks_.erase(it);
    co_return;
  }
  boost::asio::awaitable<cache::StoreResult<bool>> save(std::string key, cache::StoredSet set, cache::Duration) override {
    ++saves;
    sets_[key] = std::move(set);
    co_return true;
  }

 private:
  std::map<std::string, cache::StoredSet> sets_;
  std::map<std::string, std::string> locks_;
};

}  // namespace qg::test
