#include "gateway/http/handlers/pages_handler.hpp"

#include "gateway/base/log.hpp"
#include "gateway/config/files.hpp"
#include "gateway/http/problem.hpp"
#include "openapi/assets.hpp"

namespace qg::http {
namespace {

namespace net = boost::asio;
using boost::beast::http::verb;

constexpr std::string_view kPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// Pages revalidate (no-cache) so a new version's page never imports an old version's modules.
Handler fixed(BodyPtr body, std::string content_type, bool page, std::string cache_control) {
  return [body, content_type, page, cache_control](const Request&) -> net::awaitable<Response> {
    Response r;
    r.headers.emplace_back("Content-Type", content_type);
    r.headers.emplace_back("Cache-Control", cache_control);
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    if (page) r.headers.emplace_back("Content-Security-Policy", std::string(kPolicy));
    r.body = body;
    co_return r;
  };
}

Handler missing(std::string what) {
  return [what](const Request&) -> net::awaitable<Response> {
    co_return problem_response(ProblemKind::kShuttingDown, what);
  };
}

// "/ui/" would resolve the page's relative "ui/app.js" one level too deep: send it to "/ui"
// (under the prefix the client came through).
Handler redirect_to(std::string location) {
  return [location](const Request& req) -> net::awaitable<Response> {
    Response r;
    r.status = 301;
    r.set_header("Location", req.prefix + location);
    // Where it points depends on the prefix a trusted proxy forwarded: not for shared caches.
    r.set_header("Cache-Control", "private, max-age=3600");
    r.set_header("Vary", "X-Forwarded-Prefix");
    co_return r;
  };
}

void add_assets(Router& router, std::string_view prefix, std::span<const openapi::Asset> assets,
                const std::string& override_dir, std::string_view cache_control) {
  for (const auto& asset : assets) {
    const bool page = asset.path == "index.html";
    const std::string path = page ? std::string(prefix) : std::string(prefix) + "/" + std::string(asset.path);
    std::string bytes(asset.bytes);
    if (!override_dir.empty() && !page && asset.path != "init.js") {
      auto file = config::read_regular_file(override_dir + "/" + std::string(asset.path), 32 * 1024 * 1024);
      bytes = file ? *file : std::string();
    }
    if (bytes.empty()) {
      base::log_warn("page asset missing; its page will not render", {{"path", path}});
      router.add({path, verb::get, missing("this asset was not built (npm was not available); see docs_dir"), false});
      continue;
    }
    router.add({path, verb::get,
                fixed(make_body(std::move(bytes)), std::string(asset.content_type), page,
                      page ? "no-cache" : std::string(cache_control)),
                false});
  }
}

}  // namespace

void add_page_routes(Router& router, const std::string& docs_dir) {
  add_assets(router, "/docs", openapi::docs_assets(), docs_dir, "public, max-age=86400");
  add_assets(router, "/ui", openapi::ui_assets(), {}, "no-cache");
  router.add({"/ui/", verb::get, redirect_to("/ui"), false});
  router.add({"/docs/", verb::get, redirect_to("/docs"), false});
}

}  // namespace qg::http
