#pragma once
// GET /pools and GET /pools/{id}: parse → collect the sources as /quotas does → forecast the
// pools (gateway/pools) → filter/sort/page → render, with the /quotas validators and caching
// headers. Thin: the logic lives in gateway/pools.

#include <chrono>
#include <string>

#include "gateway/base/event.hpp"
#include "gateway/history/history_service.hpp"
#include "gateway/http/router.hpp"
#include "gateway/quotas/service.hpp"

namespace qg::http {

struct PoolsHandlerOptions {
  std::chrono::milliseconds request_deadline{};
  std::string page_token_key;      // HMAC key for page tokens
  base::Event* overdue = nullptr;  // set: stop waiting for clouds, answer from the cache
};

// `history` may be null (history disabled): pools are listed, nothing is projected.
Handler pools_handler(quotas::QuotaService& service, const history::HistoryService* history,
                      PoolsHandlerOptions options);
Handler pool_handler(quotas::QuotaService& service, const history::HistoryService* history,
                     PoolsHandlerOptions options);

}  // namespace qg::http
