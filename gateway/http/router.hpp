#pragma once
// (method, path) → handler. Unknown paths are 404, known paths with another method 405 with
// Allow; HEAD is served by the GET handler (the session drops the body); OPTIONS is answered by
// the front door (CORS preflight) before routing. A path may hold one "{id}" segment
// ("/quotas/{id}/history"): it matches one non-empty segment, handed to the handler decoded.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/verb.hpp>

#include "gateway/http/request.hpp"
#include "gateway/http/response.hpp"

namespace qg::http {

using Handler = std::function<boost::asio::awaitable<Response>(const Request&)>;

struct Route {
  std::string path;
  boost::beast::http::verb method = boost::beast::http::verb::get;
  Handler handler;
  bool requires_auth = true;  // health and readiness probes stay open
  bool limited = false;       // counted against the client's budget (client_limits)
};

class Router {
 public:
  void add(Route route);

  // The route for this request, or null with `status` 404 / 405 and the Allow value filled.
  // `param` receives the {id} segment, percent-decoded.
  const Route* match(const Request& request, unsigned& status, std::string& allow, std::string* param = nullptr) const;
  // Allow header value for a path ("GET, HEAD, OPTIONS"), empty for an unknown path.
  std::string allow(std::string_view path) const;
  // The route's own path ("/quotas/{id}/history") for a request path: a bounded metric label.
  std::string_view pattern_of(std::string_view path) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace qg::http
