#include "gateway/app/pool_metrics.hpp"

#include "gateway/pools/pool_exposition.hpp"
#include "gateway/pools/pool_listing.hpp"

namespace qg::app {

PoolMetrics::PoolMetrics(quotas::QuotaService& service, const history::HistoryService* history,
                         double waste_threshold_ratio)
    : service_(service), history_(history), waste_threshold_ratio_(waste_threshold_ratio) {}

std::shared_ptr<const std::string> PoolMetrics::render() {
  const auto sources =
      service_.collect_cached({}, problem::local_failure(problem::Local::kNone, "not fetched yet"));
  std::string key;
  for (const auto& s : sources) {
    key += s.report.account + ':' + (s.records ? std::to_string(s.records->generation) : "-") + '|';
  }
  std::lock_guard lock(mutex_);
  if (rendered_ && key == key_) return rendered_;
  pools::SeriesOf series_of = [this](const std::string& id) {
    return history_ ? history_->points(id) : std::vector<history::Sample>{};
  };
  const auto policy = history_ ? history_->policy().forecast : history::ForecastPolicy{};
  const auto all = pools::pools_of(sources, service_.clock().unix_now(), pools::kDefaultHorizonSeconds, series_of, policy);
  rendered_ = std::make_shared<const std::string>(pools::render_pool_families(all, waste_threshold_ratio_));
  key_ = std::move(key);
  return rendered_;
}

}  // namespace qg::app
