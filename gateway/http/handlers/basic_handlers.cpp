#include "gateway/http/handlers/basic_handlers.hpp"

#include "gateway/http/problem.hpp"
#include <map>
#include <mutex>

#include <boost/json/parse.hpp>

#include "adapters/common/json_write.hpp"
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

namespace {

// The spec's `servers` is where a client generated from it sends requests: the prefix this
// request came through (a trusted proxy's X-Forwarded-Prefix, then base_path), or "/".
std::string spec_for(bool json, std::string_view prefix) {
  const std::string url = prefix.empty() ? "/" : std::string(prefix);
  if (json) {
    auto doc = boost::json::parse(openapi::spec_json());
    doc.as_object()["servers"] = boost::json::array{boost::json::object{{"url", url}, {"description", "This gateway"}}};
    return adapters::json::serialize(doc);
  }
  std::string yaml(openapi::spec_yaml());
  const auto servers = yaml.find("\nservers:\n");
  const auto line = servers == std::string::npos ? std::string::npos : yaml.find("url:", servers);
  if (line != std::string::npos) yaml.replace(line, yaml.find('\n', line) - line, "url: " + url);
  return yaml;
}

// One rendered spec per prefix seen (a handful: base_path, and what trusted proxies send).
Handler spec_handler(bool json) {
  struct Rendered {
    std::mutex mutex;
    std::map<std::string, BodyPtr, std::less<>> by_prefix;
  };
  auto rendered = std::make_shared<Rendered>();
  return [rendered, json](const Request& req) -> boost::asio::awaitable<Response> {
    BodyPtr body;
    {
      std::lock_guard lock(rendered->mutex);
      if (auto it = rendered->by_prefix.find(req.prefix); it != rendered->by_prefix.end()) body = it->second;
    }
    if (!body) {
      body = make_body(spec_for(json, req.prefix));
      std::lock_guard lock(rendered->mutex);
      if (rendered->by_prefix.size() >= 32) rendered->by_prefix.clear();
      rendered->by_prefix.emplace(req.prefix, body);
    }
    Response r;
    r.headers.emplace_back("Content-Type", json ? "application/json" : "application/yaml");
    r.headers.emplace_back("Cache-Control", "public, max-age=300");
    r.headers.emplace_back("Vary", "X-Forwarded-Prefix");
    r.body = body;
    co_return r;
  };
}

}  // namespace

Handler openapi_json_handler() { return spec_handler(true); }

Handler openapi_yaml_handler() { return spec_handler(false); }

}  // namespace qg::http

namespace qg::http {

Handler metrics_handler(std::function<boost::asio::awaitable<std::function<bool(std::string&)>>()> render) {
  return [render = std::move(render)](const Request&) -> boost::asio::awaitable<Response> {
    Response r;
    r.headers.emplace_back("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    r.headers.emplace_back("Cache-Control", "no-store");
    r.stream = co_await render();
    co_return r;
  };
}

}  // namespace qg::http
