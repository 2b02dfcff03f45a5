#include "gateway/http/router.hpp"

#include "gateway/quotas/query.hpp"

namespace qg::http {

namespace beast_http = boost::beast::http;

namespace {

// Whether `path` fits `pattern`; the {id} segment's text goes to `param`.
bool fits(std::string_view pattern, std::string_view path, std::string* param) {
  const auto hole = pattern.find("{id}");
  if (hole == std::string_view::npos) return pattern == path;
  const auto prefix = pattern.substr(0, hole), suffix = pattern.substr(hole + 4);
  if (path.size() <= prefix.size() + suffix.size() || !path.starts_with(prefix) || !path.ends_with(suffix)) return false;
  const auto segment = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
  if (segment.find('/') != std::string_view::npos) return false;
  auto decoded = quotas::percent_decode(segment);
  if (!decoded || decoded->empty() || !quotas::valid_utf8(*decoded)) return false;
  if (param) *param = std::move(*decoded);
  return true;
}

}  // namespace

void Router::add(Route route) { routes_.push_back(std::move(route)); }

std::string_view Router::pattern_of(std::string_view path) const {
  for (const auto& r : routes_) {
    if (fits(r.path, path, nullptr)) return r.path;
  }
  return {};
}

std::string Router::allow(std::string_view path) const {
  std::string out;
  for (const auto& r : routes_) {
    if (!fits(r.path, path, nullptr)) continue;
    if (!out.empty()) out += ", ";
    out += std::string(beast_http::to_string(r.method));
    if (r.method == beast_http::verb::get) out += ", HEAD";
  }
  if (!out.empty()) out += ", OPTIONS";
  return out;
}

const Route* Router::match(const Request& request, unsigned& status, std::string& allow_value, std::string* param) const {
  const auto method = request.method == beast_http::verb::head ? beast_http::verb::get : request.method;
  bool path_known = false;
  for (const auto& r : routes_) {
    if (!fits(r.path, request.path, param)) continue;
    path_known = true;
    if (r.method == method) return &r;
  }
  status = path_known ? 405 : 404;
  if (path_known) allow_value = allow(request.path);
  return nullptr;
}

}  // namespace qg::http
