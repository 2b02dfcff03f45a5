#include "gateway/cli/plan.hpp"

namespace qg::cli {
namespace {

Format from_query(quotas::OutputFormat f) {
  switch (f) {
    case quotas::OutputFormat::kCsv: return Format::kCsv;
    case quotas::OutputFormat::kNdjson: return Format::kNdjson;
    case quotas::OutputFormat::kJson: break;
  }
  return Format::kJson;
}

}  // namespace

boost::system::result<ExportPlan, std::vector<problem::InvalidParam>> plan_export(
    const Options& options, const quotas::QueryContext& context) {
  auto query = quotas::parse_quota_query(options.query, context);
  if (!query) return query.error();
  std::vector<problem::InvalidParam> refused;
  if (query->page_size_given) {
    refused.push_back({"page_size", "export prints every matching record; cut the output instead (| head)"});
  }
  if (!query->page_token.empty()) {
    refused.push_back({"page_token", "export prints every matching record; there are no pages to continue"});
  }
  if (!refused.empty()) return refused;
  ExportPlan plan{std::move(*query), Format::kJson};
  if (options.format) plan.format = *options.format;
  else if (plan.query.format) plan.format = from_query(*plan.query.format);
  return plan;
}

}  // namespace qg::cli
