#pragma once
// Everything every request goes through before and after its handler: the base path, who the
// client is (through trusted proxies), request id and trace context, CORS (including preflight),
// API-key authentication, client limits, routing (404/405), the headers every response carries,
// and the access log line.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "adapters/common/secret.hpp"
#include "gateway/base/clock.hpp"
#include "gateway/base/random.hpp"
#include "gateway/client_limits/limiter.hpp"
#include "gateway/http/forwarded.hpp"
#include "gateway/http/request.hpp"
#include "gateway/http/response.hpp"
#include "gateway/http/router.hpp"

namespace qg::http {

// What a configuration reload may change while requests are in flight.
struct FrontDoorPolicy {
  bool require_auth = false;                // with no key: refused at start, every key revoked on reconfigure
  std::vector<adapters::Secret> api_keys;   // empty: no authentication (unless require_auth)
  std::vector<std::string> cors_origins;    // exact origins or "*"
  std::chrono::seconds cors_max_age{600};
  TrustedProxies trusted_proxies;           // whose forwarded headers are believed, and which
};

struct FrontDoorOptions {
  FrontDoorPolicy policy;
  std::string base_path;  // every route lives under it ("/qg"); "" at the root
  // Budgets per client on routes marked `limited`; null: none (the metrics listener).
  client_limits::Limiter* limiter = nullptr;
  std::function<void(std::string_view policy)> on_limited;  // a request was refused (metrics)
  // Called once per request after the response is final (metrics).
  std::function<void(const Request&, std::string_view route, const Response&, std::chrono::nanoseconds)> observe;
  std::function<void(int)> in_flight;  // +1 when a request starts, -1 when its response is final
};

/// @par Thread Safety
/// handle() may run concurrently on any number of connections.
class FrontDoor {
 public:
  // Throws std::invalid_argument when the policy requires authentication and has no key.
  FrontDoor(const Router& router, FrontDoorOptions options, base::Clock& clock, base::Random& random);
  ~FrontDoor();

  // Replaces the policy for requests that start from now on. Authentication required with no
  // usable key (a reload revoked every key) does not throw here: it refuses every request that
  // needs a key with 401 until a policy with keys comes.
  void reconfigure(FrontDoorPolicy policy);

  // Fills request_id/traceparent, answers preflights, checks the API key, routes, decorates.
  boost::asio::awaitable<Response> handle(Request& request);
  // A response for a request that could not even be parsed (400/413/431): still logged, still
  // carrying a request id.
  Response reject(Request& request, Response response);

  bool key_matches(std::string_view presented) const;
  bool origin_allowed(std::string_view origin) const;

 struct Compiled;  // the policy with its keys hashed (front_door.cpp)

 private:
  std::shared_ptr<const Compiled> current() const;
  void resolve(Request& request, const Compiled& policy) const;
  boost::asio::awaitable<Response> route(Request& request, const Compiled& policy, std::string& route_name);
  bool strip_base_path(Request& request) const;
  void decorate(const Request& request, const Compiled& policy, Response& response) const;
  void finish(const Request& request, std::string_view route, const Response& response) const;

  const Router& router_;
  FrontDoorOptions options_;
  base::Clock& clock_;
  base::Random& random_;
  mutable std::mutex mutex_;
  std::shared_ptr<const Compiled> compiled_;
};

// X-Request-Id values we echo: 1-128 of [A-Za-z0-9._:-]; anything else is replaced.
bool valid_request_id(std::string_view id);
// W3C traceparent: 00-<32 hex, not all 0>-<16 hex, not all 0>-<2 hex>.
bool valid_traceparent(std::string_view value);

}  // namespace qg::http
