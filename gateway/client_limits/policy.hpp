#pragma once
// How much one client may ask of the gateway (config `client_limits`). A client is an API key,
// or the client's address when no keys are configured (through trusted proxies, the forwarded
// address). Two budgets with different defaults, because they protect different things:
// - the refresh budget, on by default: requests that make the gateway call a cloud spend the
//   cloud's rate limit, which every client shares (a script hammering `refresh=true` would
//   starve the refresher and every other client);
// - the request budget, opt-in (`rate` or `burst` in the section): a warm answer costs the
//   gateway microseconds and no cloud call, and behind a proxy without trusted_proxies every
//   user shares one address, so a default limit would throttle a frontend's page load.

#include <chrono>
#include <cstddef>

#include "gateway/ratelimit/rate_limit.hpp"

namespace qg::client_limits {

struct ClientLimitPolicy {
  bool enabled = true;    // false: neither budget
  bool requests = false;  // the request budget applies (opted in)
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
