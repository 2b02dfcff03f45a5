#include "gateway/http/handlers/docs_handler.hpp"

#include <fstream>
#include <optional>
#include <sstream>

#include "gateway/base/log.hpp"
#include "gateway/http/problem.hpp"
#include "openapi/spec.hpp"

namespace qg::http {
namespace {

constexpr std::string_view kPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Handler fixed(BodyPtr body, std::string content_type, bool page) {
  return [body, content_type, page](const Request&) -> boost::asio::awaitable<Response> {
    Response r;
    r.headers.emplace_back("Content-Type", content_type);
    r.headers.emplace_back("Cache-Control", page ? "no-cache" : "public, max-age=86400");
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    if (page) r.headers.emplace_back("Content-Security-Policy", std::string(kPolicy));
    r.body = body;
    co_return r;
  };
}

Handler missing(std::string what) {
  return [what](const Request&) -> boost::asio::awaitable<Response> {
    co_return problem_response(ProblemKind::kShuttingDown, what);
  };
}

}  // namespace

void add_docs_routes(Router& router, const std::string& assets_dir) {
  using boost::beast::http::verb;
  router.add({"/docs", verb::get, fixed(make_body(std::string(openapi::docs_index_html())), "text/html; charset=utf-8", true), false});
  router.add({"/docs/init.js", verb::get, fixed(make_body(std::string(openapi::docs_init_js())), "text/javascript", false), false});
  struct Asset {
    const char* name;
    const char* type;
  };
  for (const Asset asset : {Asset{"swagger-ui-bundle.js", "text/javascript"}, Asset{"swagger-ui.css", "text/css"},
                            Asset{"favicon-32x32.png", "image/png"}}) {
    const std::string path = assets_dir + "/" + asset.name;
    auto content = read_file(path);
    if (!content) {
      base::log_warn("docs asset missing; /docs will not render", {{"path", path}});
      router.add({std::string("/docs/") + asset.name, verb::get,
                  missing("the Swagger UI assets are not installed (" + path + "); build with npm available or set docs_dir"),
                  false});
      continue;
    }
    router.add({std::string("/docs/") + asset.name, verb::get, fixed(make_body(std::move(*content)), asset.type, false), false});
  }
}

}  // namespace qg::http
