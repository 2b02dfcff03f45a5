#pragma once
// What `export` prints, decided before anything is fetched: the GET /quotas query it applies
// and the output format. Pure.

#include <vector>

#include <boost/system/result.hpp>

#include "gateway/cli/options.hpp"
#include "gateway/pools/pool_query.hpp"
#include "gateway/quotas/query.hpp"

namespace qg::cli {

struct ExportPlan {
  quotas::QuotaQuery query;
  Format format = Format::kJson;
};

// --query parsed exactly as GET /quotas parses its parameters, plus the export's own rule: every
// matching record is printed, so page_size and page_token are refused. --format wins over the
// query's `format`; JSON without either. Every problem comes back, each with its parameter.
boost::system::result<ExportPlan, std::vector<problem::InvalidParam>> plan_export(
    const Options& options, const quotas::QueryContext& context);

struct PoolExportPlan {
  pools::PoolQuery query;
  Format format = Format::kJson;
};

// --query parsed as GET /pools parses it, every matching pool printed (page_size and page_token
// are refused), as JSON or CSV.
boost::system::result<PoolExportPlan, std::vector<problem::InvalidParam>> plan_pool_export(
    const Options& options, std::int64_t now_unix, std::span<const std::string> accounts);

}  // namespace qg::cli
