#include "gateway/http/router.hpp"

namespace qg::http {

namespace beast_http = boost::beast::http;

void Router::add(Route route) { routes_.push_back(std::move(route)); }

std::string Router::allow(std::string_view path) const {
  std::string out;
  for (const auto& r : routes_) {
    if (r.path != path) continue;
    if (!out.empty()) out += ", ";
    out += std::string(beast_http::to_string(r.method));
    if (r.method == beast_http::verb::get) out += ", HEAD";
  }
  if (!out.empty()) out += ", OPTIONS";
  return out;
}

const Route* Router::match(const Request& request, unsigned& status, std::string& allow_value) const {
  const auto method = request.method == beast_http::verb::head ? beast_http::verb::get : request.method;
  bool path_known = false;
  for (const auto& r : routes_) {
    if (r.path != request.path) continue;
    path_known = true;
    if (r.method == method) return &r;
  }
  status = path_known ? 405 : 404;
  if (path_known) allow_value = allow(request.path);
  return nullptr;
}

}  // namespace qg::http
