#pragma once
// Everything every request goes through before and after its handler: request id and trace
// context, CORS (including preflight), API-key authentication, routing (404/405), the headers
// every response carries, and the access log line.

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "adapters/common/secret.hpp"
#include "gateway/base/clock.hpp"
#include "gateway/base/random.hpp"
#include "gateway/http/request.hpp"
#include "gateway/http/response.hpp"
#include "gateway/http/router.hpp"

namespace qg::http {

struct FrontDoorOptions {
  bool require_auth = false;                // with no key the front door refuses to be built
  std::vector<adapters::Secret> api_keys;   // empty: no authentication (unless require_auth)
  std::vector<std::string> cors_origins;    // exact origins or "*"
  std::chrono::seconds cors_max_age{600};
  // Called once per request after the response is final (metrics).
  std::function<void(const Request&, std::string_view route, const Response&, std::chrono::nanoseconds)> observe;
  std::function<void(int)> in_flight;  // +1 when a request starts, -1 when its response is final
};

/// @par Thread Safety
/// handle() may run concurrently on any number of connections.
class FrontDoor {
 public:
  FrontDoor(const Router& router, FrontDoorOptions options, base::Clock& clock, base::Random& random);

  // Fills request_id/traceparent, answers preflights, checks the API key, routes, decorates.
  boost::asio::awaitable<Response> handle(Request& request);
  // A response for a request that could not even be parsed (400/413/431): still logged, still
  // carrying a request id.
  Response reject(Request& request, Response response);

  bool key_matches(std::string_view presented) const;
  bool origin_allowed(std::string_view origin) const;

 private:
  void decorate(const Request& request, Response& response) const;
  void finish(const Request& request, std::string_view route, const Response& response) const;

  const Router& router_;
  FrontDoorOptions options_;
  base::Clock& clock_;
  base::Random& random_;
  std::vector<std::string> key_digests_;  // SHA-256 of each key: compared in constant time
};

// X-Request-Id values we echo: 1-128 of [A-Za-z0-9._:-]; anything else is replaced.
bool valid_request_id(std::string_view id);
// W3C traceparent: 00-<32 hex, not all 0>-<16 hex, not all 0>-<2 hex>.
bool valid_traceparent(std::string_view value);

}  // namespace qg::http
