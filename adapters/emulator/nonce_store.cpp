#include "adapters/emulator/nonce_store.hpp"

namespace qg::emulator {

bool NonceStore::use(std::string_view access_key_id, std::string_view nonce, std::int64_t expires_unix,
                     std::int64_t now_unix) {
  while (!by_expiry_.empty() && by_expiry_.begin()->first < now_unix) {
    by_key_.erase(by_expiry_.begin()->second);
    by_expiry_.erase(by_expiry_.begin());
  }
  // '\n' cannot occur in a header value, so the pair cannot collide with another.
  std::string key = std::string(access_key_id) + '\n' + std::string(nonce);
  if (by_key_.contains(key)) return false;
  while (by_key_.size() >= capacity_ && !by_expiry_.empty()) {
    by_key_.erase(by_expiry_.begin()->second);
    by_expiry_.erase(by_expiry_.begin());
  }
  by_expiry_.emplace(expires_unix, key);
  by_key_.emplace(std::move(key), expires_unix);
  return true;
}

void NonceStore::clear() {
  by_key_.clear();
  by_expiry_.clear();
}

}  // namespace qg::emulator
