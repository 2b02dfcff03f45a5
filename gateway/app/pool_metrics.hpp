#pragma once
// /metrics' pool part: the pools of what the cache holds, forecast with the usage history and
// rendered again only when an account's set changes (every fetch), so a scrape never calls a
// cloud and repeated scrapes cost a copy.

#include <memory>
#include <mutex>
#include <string>

#include "gateway/history/history_service.hpp"
#include "gateway/quotas/service.hpp"

namespace qg::app {

/// @par Thread Safety
/// render() may be called concurrently.
class PoolMetrics {
 public:
  // `history` may be null (history disabled): pools are exported without forecasts.
  PoolMetrics(quotas::QuotaService& service, const history::HistoryService* history, double waste_threshold_ratio);

  std::shared_ptr<const std::string> render();

 private:
  quotas::QuotaService& service_;
  const history::HistoryService* history_;
  double waste_threshold_ratio_;
  std::mutex mutex_;
  std::string key_;  // what the rendering was made from: each account's set generation
  std::shared_ptr<const std::string> rendered_;
};

}  // namespace qg::app
