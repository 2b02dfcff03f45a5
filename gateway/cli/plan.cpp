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

// Every match is printed: there are no pages.
std::vector<problem::InvalidParam> refuse_paging(bool page_size, bool page_token) {
  std::vector<problem::InvalidParam> refused;
  if (page_size) refused.push_back({"page_size", "export prints every match; cut the output instead (| head)"});
  if (page_token) refused.push_back({"page_token", "export prints every match; there are no pages to continue"});
  return refused;
}

}  // namespace

boost::system::result<ExportPlan, std::vector<problem::InvalidParam>> plan_export(
    const Options& options, const quotas::QueryContext& context) {
  auto query = quotas::parse_quota_query(options.query, context);
  if (!query) return query.error();
  auto refused = refuse_paging(query->page_size_given, !query->page_token.empty());
  if (!refused.empty()) return refused;
  ExportPlan plan{std::move(*query), Format::kJson};
  if (options.format) plan.format = *options.format;
  else if (plan.query.format) plan.format = from_query(*plan.query.format);
  return plan;
}

boost::system::result<PoolExportPlan, std::vector<problem::InvalidParam>> plan_pool_export(
    const Options& options, std::int64_t now_unix, std::span<const std::string> accounts) {
  auto query = pools::parse_pool_query(options.query, now_unix, accounts);
  if (!query) return query.error();
  auto refused = refuse_paging(query->page_size_given, !query->page_token.empty());
  PoolExportPlan plan{std::move(*query), Format::kJson};
  if (options.format) plan.format = *options.format;
  else if (plan.query.format) plan.format = from_query(*plan.query.format);
  if (plan.format != Format::kJson && plan.format != Format::kCsv)
    refused.push_back({"--format", "pools are printed as json or csv"});
  if (!refused.empty()) return refused;
  return plan;
}

}  // namespace qg::cli
