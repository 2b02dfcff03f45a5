#include "adapters/credentials/credentials.hpp"

#include <algorithm>
#include <limits>

namespace qg::credentials {

std::int64_t refresh_margin(std::int64_t lifetime, std::int64_t min_margin) {
  return std::min(std::max(min_margin, lifetime / 4), std::max<std::int64_t>(lifetime / 2, 0));
}

std::int64_t expiry_skew_for(std::int64_t lifetime, std::int64_t skew) {
  return std::min(skew, std::max<std::int64_t>(lifetime / 4, 0));
}

bool needs_refresh(const Credentials& credentials, std::int64_t now, std::int64_t margin) {
  return credentials.expires_at && *credentials.expires_at - now <= margin;
}

bool is_expired(const Credentials& credentials, std::int64_t now, std::int64_t skew) {
  return credentials.expires_at && *credentials.expires_at - now <= skew;
}

bool is_complete(const Credentials& credentials) {
  return !credentials.id.empty() && !credentials.secret.empty();
}

bool same_credential(const Credentials& a, const Credentials& b) {
  return a.id == b.id && a.token == b.token;
}

std::int64_t refresh_time(const Credentials& credentials, std::int64_t now, std::int64_t min_margin,
                          std::int64_t min_interval) {
  if (!credentials.expires_at) return std::numeric_limits<std::int64_t>::max();
  const std::int64_t expires = *credentials.expires_at;
  const std::int64_t lifetime = expires - now;
  return std::max(expires - refresh_margin(lifetime, min_margin),
                  now + std::min(min_interval, std::max<std::int64_t>(lifetime / 2, 0)));
}

}  // namespace qg::credentials
