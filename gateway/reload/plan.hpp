#pragma once
// What a configuration reload changes, decided before anything is touched. Pure.
//
// In force at once: the accounts (added, removed, changed: endpoint, keys, credentials, rate
// limit, TTL), the API keys, CORS, trusted proxies, client limits and the log level. Everything
// else (listeners, threads, base path, Redis, history, cache and refresh policies, limits,
// deadlines) is read at start-up only: a change there is reported and waits for a restart.

#include <string>
#include <vector>

#include "gateway/config/config.hpp"

namespace qg::reload {

struct ReloadPlan {
  std::vector<std::string> kept;     // accounts whose configuration did not change: they keep their state
  std::vector<std::string> added, removed, changed;
  std::vector<std::string> needs_restart;  // keys that changed but take effect after a restart
  bool front_door = false;      // auth, cors, trusted_proxies or forwarded_header changed
  bool client_limits = false;
  bool log_level = false;

  bool changes_anything() const;
};

ReloadPlan plan_reload(const config::GatewayConfig& running, const config::GatewayConfig& next);

// Authentication after a reload fails closed (issue 24.2). Only an explicit
// `auth: { enabled: false }` switches it off. A configuration whose auth: section yields no
// usable key revokes every key; one that no longer has an auth: section at all, while
// authentication is on, also revokes every key instead of switching it off. Either way nothing
// that needs a key is served (401) until a reload brings keys back.
enum class AuthChange {
  kNone,             // as the configuration says, nothing to warn about
  kSwitchedOff,      // on before, `enabled: false` now: off, with a warning
  kEveryKeyRevoked,  // the section yields no usable key (no_key_reason says why)
  kSectionRemoved,   // on before, no auth: section now: every key revoked
};
struct AuthAfterReload {
  config::AuthConfig auth;
  AuthChange change = AuthChange::kNone;
};
AuthAfterReload auth_after_reload(const config::AuthConfig& running, const config::AuthConfig& next);

// A refused reload still revokes: the running keys that `next` (its auth: section as read) no
// longer lists, or all of them when it lists none or has no section. It adds no key and never
// switches authentication off: that waits for a configuration that loads.
config::AuthConfig revoke_unlisted(const config::AuthConfig& running, const config::AuthConfig& next);

// The configuration in force after the reload: `next`'s reloadable settings, the running
// configuration's others (so the next reload is compared with what is really in force).
config::GatewayConfig in_force(const config::GatewayConfig& running, const config::GatewayConfig& next);

}  // namespace qg::reload
