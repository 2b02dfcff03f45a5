#pragma once
// Where a signer gets its credential: a fixed key, or a temporary one that is fetched from a
// metadata service or STS and refreshed before it expires (refreshing_provider.hpp).

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "adapters/credentials/credentials.hpp"

namespace qg::credentials {

/// @par Thread Safety
/// get() may be called concurrently from any thread.
class CredentialProvider {
 public:
  virtual ~CredentialProvider() = default;
  // A credential that is still valid at `now_unix` (wall clock, from the caller's injected
  // clock), fetching or refreshing it first when needed, before `deadline`. Errors: kAuth when
  // no usable credential can be had (none configured, revoked, role detached); kNetwork,
  // kTimeout, kTransient, kThrottled, kBadResponse when the metadata or STS service failed and
  // asking again later can help.
  virtual boost::asio::awaitable<CredentialsResult> get(std::int64_t now_unix,
                                                        std::chrono::steady_clock::time_point deadline) = 0;
  // "env", "rrsa (role acs:ram::1:role/x) via https://sts.aliyuncs.com": for logs, never secrets.
  virtual std::string describe() const = 0;
  // The provider rejected `refused`, a credential get() returned (an STS token revoked early):
  // forget it, so the next get() fetches a new one. Only that credential: a refusal that arrives
  // after a newer credential replaced it (a request signed with the old one, answered late) must
  // not throw the newer one away. Nothing to forget for fixed keys.
  virtual void invalidate(const Credentials& refused) { (void)refused; }
};

// A fixed credential: long-term keys, or an STS token whose expiry may be known (then it fails
// with kAuth once expired: nothing can renew it).
class StaticProvider final : public CredentialProvider {
 public:
  explicit StaticProvider(Credentials credentials);
  boost::asio::awaitable<CredentialsResult> get(std::int64_t now_unix,
                                                std::chrono::steady_clock::time_point deadline) override;
  std::string describe() const override;

 private:
  Credentials credentials_;
};

// No source was configured: every get() fails with kAuth and says what was looked at.
class UnavailableProvider final : public CredentialProvider {
 public:
  explicit UnavailableProvider(std::string reason);
  boost::asio::awaitable<CredentialsResult> get(std::int64_t now_unix,
                                                std::chrono::steady_clock::time_point deadline) override;
  std::string describe() const override;

 private:
  std::string reason_;
};

}  // namespace qg::credentials
