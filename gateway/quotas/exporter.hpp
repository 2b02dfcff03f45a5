#pragma once
// The gateway as a Prometheus exporter of the quotas themselves. Built at scrape time from what
// the cache holds, so a package that vanished upstream vanishes here, and a scrape never causes
// an upstream call. Names follow Prometheus conventions: one unit per name, base units (minutes
// and hours become seconds), descriptive labels on an _info metric only.

#include <vector>

#include <prometheus/metric_family.h>

#include "gateway/quotas/service.hpp"

namespace qg::quotas {

std::vector<prometheus::MetricFamily> quota_metric_families(const QuotaService& service);

}  // namespace qg::quotas
