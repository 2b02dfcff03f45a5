#pragma once
// The small routes: liveness, readiness, the OpenAPI document.

#include <atomic>
#include <functional>
#include <string>

#include "gateway/http/router.hpp"

namespace qg::http {

struct Readiness {
  std::atomic<bool> started{false};       // listener up, first fetch attempted for every account
  std::atomic<bool> shutting_down{false};
  bool ready() const { return started && !shutting_down; }
};

Handler health_handler();                      // /healthz, /livez: the process answers
Handler ready_handler(const Readiness& state);  // /readyz: never depends on a cloud or Redis
Handler openapi_json_handler();
Handler openapi_yaml_handler();
// Prometheus text exposition, streamed (chunked) from the pieces `render` returns at scrape time
// (see Response::stream): a large tenant's is tens of megabytes, never copied whole.
Handler metrics_handler(std::function<boost::asio::awaitable<std::function<bool(std::string&)>>()> render);

}  // namespace qg::http
