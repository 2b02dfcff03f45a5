#include "gateway/reload/plan.hpp"

#include <algorithm>

namespace qg::reload {
namespace {

const config::AccountConfig* find(const std::vector<config::AccountConfig>& list, const std::string& name) {
  const auto it = std::find_if(list.begin(), list.end(), [&](const config::AccountConfig& a) { return a.name == name; });
  return it == list.end() ? nullptr : &*it;
}

// Settings read at start-up only, each compared as a whole.
std::vector<std::string> restart_keys(const config::GatewayConfig& a, const config::GatewayConfig& b) {
  std::vector<std::string> out;
  auto check = [&out](bool same, const char* key) {
    if (!same) out.emplace_back(key);
  };
  check(a.listen == b.listen, "listen");
  check(a.metrics_listen == b.metrics_listen, "metrics_listen");
  check(a.threads == b.threads, "threads");
  check(a.worker_threads == b.worker_threads, "worker_threads");
  check(a.base_path == b.base_path, "base_path");
  check(a.request_deadline == b.request_deadline, "request_deadline");
  check(a.shutdown_grace == b.shutdown_grace, "shutdown_grace");
  check(a.shutdown_delay == b.shutdown_delay, "shutdown_delay");
  check(a.limits == b.limits, "limits");
  check(a.cache == b.cache, "cache");
  check(a.refresh == b.refresh, "refresh");
  check(a.exporter == b.exporter, "exporter");
  check(a.exports == b.exports, "exports");
  check(a.history == b.history, "history");
  check(a.retry == b.retry, "retry");
  check(a.circuit_breaker == b.circuit_breaker, "circuit_breaker");
  check(a.redis == b.redis, "redis");
  check(a.page_token_secret == b.page_token_secret, "page_token_secret");
  check(a.docs_dir == b.docs_dir, "docs_dir");
  check(a.log.format == b.log.format, "log.format");
  check(a.reload == b.reload, "reload");
  return out;
}

}  // namespace

bool ReloadPlan::changes_anything() const {
  return !added.empty() || !removed.empty() || !changed.empty() || front_door || client_limits || log_level;
}

ReloadPlan plan_reload(const config::GatewayConfig& running, const config::GatewayConfig& next) {
  ReloadPlan plan;
  for (const auto& a : next.accounts) {
    const auto* old = find(running.accounts, a.name);
    if (!old) plan.added.push_back(a.name);
    else if (*old == a) plan.kept.push_back(a.name);
    else plan.changed.push_back(a.name);
  }
  for (const auto& a : running.accounts) {
    if (!find(next.accounts, a.name)) plan.removed.push_back(a.name);
  }
  plan.front_door = !(running.auth == next.auth && running.cors == next.cors &&
                      running.trusted_proxies == next.trusted_proxies);
  plan.client_limits = !(running.client_limits == next.client_limits);
  plan.log_level = running.log.level != next.log.level;
  plan.needs_restart = restart_keys(running, next);
  return plan;
}

AuthAfterReload auth_after_reload(const config::AuthConfig& running, const config::AuthConfig& next) {
  AuthAfterReload out{next, AuthChange::kNone};
  if (next.switched_off) {
    if (running.enabled) out.change = AuthChange::kSwitchedOff;
  } else if (next.enabled && next.api_keys.empty()) {
    out.change = AuthChange::kEveryKeyRevoked;
  } else if (!next.enabled && running.enabled) {
    out.auth = config::AuthConfig{};
    out.auth.enabled = true;
    out.auth.no_key_reason =
        "the auth section was removed; write auth: { enabled: false } to switch authentication off";
    out.change = AuthChange::kSectionRemoved;
  }
  return out;
}

config::AuthConfig revoke_unlisted(const config::AuthConfig& running, const config::AuthConfig& next) {
  if (!running.enabled || next.switched_off) return running;
  config::AuthConfig out = running;
  std::erase_if(out.api_keys, [&](const adapters::Secret& key) {
    return std::find(next.api_keys.begin(), next.api_keys.end(), key) == next.api_keys.end();
  });
  if (out.api_keys.empty() && out.no_key_reason.empty()) {
    out.no_key_reason = next.no_key_reason.empty() ? "the auth section lists none of the keys in force"
                                                   : next.no_key_reason;
  }
  return out;
}

config::GatewayConfig in_force(const config::GatewayConfig& running, const config::GatewayConfig& next) {
  config::GatewayConfig out = running;
  out.accounts = next.accounts;
  out.auth = next.auth;
  out.cors = next.cors;
  out.trusted_proxies = next.trusted_proxies;
  out.client_limits = next.client_limits;
  out.log.level = next.log.level;
  return out;
}

}  // namespace qg::reload
