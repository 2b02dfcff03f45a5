#pragma once
// How much one client may ask of the gateway (config `client_limits`). A client is an API key,
// or the client's address when no keys are configured (through trusted proxies, the forwarded
// address). The defaults are safe for a shared deployment: a dashboard polling every few
// seconds and a runbook's loop stay far below them; a script hammering `refresh=true` does not.

#include <chrono>
#include <cstddef>

#include "gateway/ratelimit/rate_limit.hpp"

namespace qg::client_limits {

struct ClientLimitPolicy {
  bool enabled = true;
  // Every request to /quotas and /quotas/{id}/history.
  ratelimit::RateLimit rate{10, std::chrono::seconds(1)};
  int burst = 20;
  // Requests that would make the gateway call a cloud (refresh=true, or a max_age older than
  // the cached set): the cloud's rate limit is shared by every client, so this is much lower.
  ratelimit::RateLimit refresh{6, std::chrono::minutes(1)};
  int refresh_burst = 6;
  // Clients tracked at once; past it, clients whose budget is full again are forgotten first.
  std::size_t max_clients = 100'000;
  bool operator==(const ClientLimitPolicy&) const = default;
};

}  // namespace qg::client_limits
