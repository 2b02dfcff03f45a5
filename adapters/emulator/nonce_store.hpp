#pragma once
// ACS3 anti-replay: the x-acs-signature-nonce values seen recently, per AccessKeyId. Pure; not
// thread-safe (the emulator core holds its lock).

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace qg::emulator {

class NonceStore {
 public:
  // At most `capacity` nonces are remembered; beyond that the ones closest to expiry go first,
  // so memory stays bounded even under a flood of fresh nonces.
  explicit NonceStore(std::size_t capacity = 200000) : capacity_(capacity) {}

  // Records the nonce; false when it was already used. `expires_unix` is when remembering it
  // stops mattering: the moment its request's x-acs-date falls out of the accepted window, after
  // which a replay fails the date check anyway.
  bool use(std::string_view access_key_id, std::string_view nonce, std::int64_t expires_unix, std::int64_t now_unix);
  void clear();
  std::size_t size() const { return by_key_.size(); }

 private:
  std::size_t capacity_;
  std::unordered_map<std::string, std::int64_t> by_key_;      // key → expiry
  std::set<std::pair<std::int64_t, std::string>> by_expiry_;  // (expiry, key)
};

}  // namespace qg::emulator
