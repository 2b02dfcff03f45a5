#pragma once
// GET /quotas/{id}/history as JSON or CSV. Pure.

#include <optional>
#include <string>
#include <vector>

#include "gateway/history/forecast.hpp"
#include "gateway/history/sample.hpp"

namespace qg::history {

struct PackageHistory {
  std::string id;
  std::string unit;
  std::vector<Sample> samples;
  Forecast forecast;
};

// {"id","unit","samples":[{"at","used","remaining","total"}],"burn_rate_per_day","projected_exhaustion_at"}
std::string render_history_json(const PackageHistory& history);
// at,used,remaining,total — one row per sample, RFC 4180 line ends.
std::string render_history_csv(const PackageHistory& history);

}  // namespace qg::history
