#pragma once
// What the credential tests share: a fixed "now", a generous deadline, sample credentials and
// the loopback endpoint of a scripted upstream.

#include <chrono>
#include <cstdint>
#include <string>

#include "adapters/common/http_types.hpp"
#include "adapters/credentials/credentials.hpp"
#include "tests/support/scripted_upstream.hpp"

namespace qg::credentials::testing {

inline constexpr std::int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z

// Far enough never to matter: tests assert on behaviour, not on time.
inline auto far() {
  return std::chrono::steady_clock::now() + std::chrono::seconds(10);
}

inline Credentials temporary(std::string id, std::int64_t expires_at) {
  Credentials c;
  c.id = adapters::Secret(std::move(id));
  c.secret = adapters::Secret("secret");
  c.token = adapters::Secret("token");
  c.expires_at = expires_at;
  c.source = "scripted";
  return c;
}

inline adapters::Endpoint loopback(const test::ScriptedUpstream& up) {
  adapters::Endpoint ep;
  ep.tls = false;
  ep.host = "127.0.0.1";
  ep.port = up.port();
  return ep;
}

}  // namespace qg::credentials::testing
