#pragma once
// A cloud API credential as the signers use it, and when to refresh it. Pure: no Asio, so the
// refresh arithmetic is tested as plain functions (the I/O shell is provider.hpp).

#include <cstdint>
#include <optional>
#include <string>

#include <boost/system/result.hpp>

#include "adapters/common/secret.hpp"
#include "adapters/common/upstream_error.hpp"

namespace qg::credentials {

struct Credentials {
  adapters::Secret id;                     // AccessKeyId / SecretId (TmpSecretId)
  adapters::Secret secret;                 // AccessKeySecret / SecretKey (TmpSecretKey)
  adapters::Secret token;                  // STS security token; empty for long-term keys
  std::optional<std::int64_t> expires_at;  // Unix seconds; none for long-term keys
  // Where it came from, for logs (never a secret): "static", "env", "profile:<name>",
  // "ecs-ram-role:<role>", "cvm-role:<role>", "rrsa", "tke-oidc".
  std::string source;
};

using CredentialsResult = boost::system::result<Credentials, adapters::UpstreamError>;

// Refresh at least this long before expiry. The SDKs use 3 min (credentials-go), 5 min
// (tencentcloud-sdk-go CVM role) and 15 min (credentials-java/nodejs); see PROTOCOLS.md.
inline constexpr std::int64_t kMinRefreshMargin = 300;

// How long before expiry a credential is refreshed when it had `lifetime` seconds left on
// arrival: max(min_margin, lifetime / 4), but at most half the lifetime. A quarter of the
// lifetime leaves room for several attempts if the metadata or STS service is briefly down (one
// hour → 15 min, 6 h → 90 min); the cap keeps a short-lived credential (a test's, a strict
// role's) in use for half its life instead of being refetched at once.
std::int64_t refresh_margin(std::int64_t lifetime, std::int64_t min_margin = kMinRefreshMargin);

// The expiry skew for a credential of this lifetime: `skew`, but at most a quarter of the
// lifetime, so a short-lived credential is not "expired" on arrival.
std::int64_t expiry_skew_for(std::int64_t lifetime, std::int64_t skew);

// True when the credential expires within `margin` seconds after `now`. Long-term keys never do.
bool needs_refresh(const Credentials& credentials, std::int64_t now, std::int64_t margin);

// True when it must not be used any more: it expires within `skew` seconds after `now` (the time
// a request signed now may take to reach the provider). Long-term keys never expire.
bool is_expired(const Credentials& credentials, std::int64_t now, std::int64_t skew = 0);

// Both halves of the key pair are present.
bool is_complete(const Credentials& credentials);

// The same issued credential: the same key id and the same STS token. A refresh issues a new
// token (and usually a new key id), so a refusal of an older credential never matches a newer one.
bool same_credential(const Credentials& a, const Credentials& b);

// The Unix time at which a credential that arrived at `now` should be refreshed: its expiry
// minus refresh_margin(), but never sooner than `now + min_interval`, so a service that hands
// out nearly expired credentials is not asked again on every call (that interval too is capped at
// half the lifetime). Far future for long-term keys.
std::int64_t refresh_time(const Credentials& credentials, std::int64_t now, std::int64_t min_margin,
                          std::int64_t min_interval);

}  // namespace qg::credentials
