#include "gateway/http/handlers/basic_handlers.hpp"

#include "gateway/http/problem.hpp"
#include "openapi/spec.hpp"

namespace qg::http {

Handler health_handler() {
  return [](const Request&) -> boost::asio::awaitable<Response> {
    auto r = text_response(200, "application/json", R"({"status":"ok"})");
    r.set_header("Cache-Control", "no-store");
    co_return r;
  };
}

Handler ready_handler(const Readiness& state) {
  return [&state](const Request&) -> boost::asio::awaitable<Response> {
    Response r;
    if (state.ready()) {
      r = text_response(200, "application/json", R"({"status":"ready"})");
    } else if (state.shutting_down) {
      r = problem_response(ProblemKind::kShuttingDown, "the gateway is draining before it exits");
    } else {
      r = problem_response(ProblemKind::kStarting, "startup has not attempted a first fetch for every account yet");
    }
    r.set_header("Cache-Control", "no-store");
    co_return r;
  };
}

Handler openapi_json_handler() {
  auto body = make_body(openapi::spec_json());
  return [body](const Request&) -> boost::asio::awaitable<Response> {
    Response r;
    r.headers.emplace_back("Content-Type", "application/json");
    r.headers.emplace_back("Cache-Control", "public, max-age=300");
    r.body = body;
    co_return r;
  };
}

Handler openapi_yaml_handler() {
  auto body = make_body(std::string(openapi::spec_yaml()));
  return [body](const Request&) -> boost::asio::awaitable<Response> {
    Response r;
    r.headers.emplace_back("Content-Type", "application/yaml");
    r.headers.emplace_back("Cache-Control", "public, max-age=300");
    r.body = body;
    co_return r;
  };
}

}  // namespace qg::http

namespace qg::http {

Handler metrics_handler(std::function<std::array<BodyPtr, 3>()> render) {
  return [render = std::move(render)](const Request&) -> boost::asio::awaitable<Response> {
    Response r;
    r.headers.emplace_back("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    r.headers.emplace_back("Cache-Control", "no-store");
    auto parts = render();
    r.body = std::move(parts[0]);
    r.more_body = {std::move(parts[1]), std::move(parts[2])};
    co_return r;
  };
}

}  // namespace qg::http
