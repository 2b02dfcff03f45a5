#include "gateway/quotas/source_report.hpp"

#include "adapters/common/time.hpp"

namespace qg::quotas {

std::string_view to_string(SourceState state) {
  switch (state) {
    case SourceState::kOk: return "ok";
    case SourceState::kStale: return "stale";
    case SourceState::kError: return "error";
  }
  return "error";
}

boost::json::object to_json(const SourceReport& r) {
  boost::json::object o;
  o["provider"] = r.provider;
  o["account"] = r.account;
  o["status"] = to_string(r.state);
  o["fetched_at"] =
      r.fetched_at ? boost::json::value(adapters::format_rfc3339_utc(*r.fetched_at)) : boost::json::value(nullptr);
  o["age_seconds"] = r.age_seconds ? boost::json::value(*r.age_seconds) : boost::json::value(nullptr);
  o["items"] = r.items;
  o["upstream_calls"] = r.upstream_calls;
  o["error"] = r.error ? boost::json::value(problem::source_problem(*r.error)) : boost::json::value(nullptr);
  return o;
}

}  // namespace qg::quotas
