#pragma once
// GET /quotas: parse → fan out through the service → filter/sort/page → render → HTTP caching
// headers. Thin: the logic lives in gateway/quotas.

#include <chrono>
#include <string>

#include "gateway/base/event.hpp"
#include "gateway/http/handlers/collect.hpp"
#include "gateway/http/router.hpp"
#include "gateway/client_limits/limiter.hpp"
#include "gateway/quotas/export_budget.hpp"
#include "gateway/quotas/service.hpp"

namespace qg::http {

struct QuotasHandlerOptions {
  std::chrono::milliseconds request_deadline{};
  std::string page_token_key;            // HMAC key for page tokens
  base::Event* overdue = nullptr;  // set: stop waiting for clouds, answer from the cache
  // Budgets for requests that would call a cloud (refresh=true, max_age); null: none.
  client_limits::Limiter* limiter = nullptr;
  std::function<void(std::string_view policy)> on_limited;  // a refresh was skipped (metrics)
  quotas::ExportBudget* exports = nullptr;  // caps streamed exports; null: none
};

Handler quotas_handler(quotas::QuotaService& service, QuotasHandlerOptions options);

}  // namespace qg::http
