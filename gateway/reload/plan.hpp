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

// The configuration in force after the reload: `next`'s reloadable settings, the running
// configuration's others (so the next reload is compared with what is really in force).
config::GatewayConfig in_force(const config::GatewayConfig& running, const config::GatewayConfig& next);

}  // namespace qg::reload
