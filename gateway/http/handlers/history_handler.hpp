#pragma once
// GET /quotas/{id}/history[?since=…][&format=json|csv]: a package's usage samples and forecast.

#include "gateway/history/history_service.hpp"
#include "gateway/http/router.hpp"
#include "gateway/quotas/service.hpp"

namespace qg::http {

Handler history_handler(quotas::QuotaService& service, history::HistoryService& history);

}  // namespace qg::http
