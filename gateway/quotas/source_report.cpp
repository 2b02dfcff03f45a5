#include "gateway/quotas/source_report.hpp"

#include <array>

#include "adapters/common/time.hpp"

namespace qg::quotas {
namespace {

using adapters::ErrorKind;

struct ProblemInfo {
  ErrorKind kind;
  std::string_view slug;   // the problem type is "https://quota-gateway.dev/problems/upstream-" + slug
  std::string_view title;
  int status;
};

// When adding ErrorKind enumerators, also add a row here.
constexpr std::array<ProblemInfo, 11> kProblems{{
    {ErrorKind::kThrottled, "throttled", "The provider throttled the request", 502},
    {ErrorKind::kTransient, "unavailable", "The provider is temporarily unavailable", 502},
    {ErrorKind::kTimeout, "timeout", "The provider did not answer in time", 504},
    {ErrorKind::kNetwork, "network", "The provider could not be reached", 502},
    {ErrorKind::kBadResponse, "bad-response", "The provider sent a response that cannot be read", 502},
    {ErrorKind::kAuth, "auth", "The provider rejected the credentials", 502},
    {ErrorKind::kInvalidRequest, "invalid-request", "The provider rejected the request", 502},
    {ErrorKind::kAccountState, "account-state", "The provider account cannot be used", 502},
    {ErrorKind::kPermanent, "error", "The provider returned an error", 502},
    {ErrorKind::kRateLimited, "rate-limited", "No upstream request slot was free before the deadline", 504},
    {ErrorKind::kCircuitOpen, "circuit-open", "The source is failing; calls are paused", 502},
}};

const ProblemInfo& info(ErrorKind kind) {
  for (const auto& p : kProblems) {
    if (p.kind == kind) return p;
  }
  return kProblems[8];
}

}  // namespace

std::string_view to_string(SourceState state) {
  switch (state) {
    case SourceState::kOk: return "ok";
    case SourceState::kStale: return "stale";
    case SourceState::kError: return "error";
  }
  return "error";
}

int upstream_status(ErrorKind kind) { return info(kind).status; }

boost::json::object upstream_problem(const adapters::UpstreamError& error) {
  const ProblemInfo& p = info(error.kind);
  boost::json::object o;
  o["type"] = std::string("https://quota-gateway.dev/problems/upstream-") + std::string(p.slug);
  o["title"] = p.title;
  o["status"] = p.status;
  o["detail"] = error.message;
  o["kind"] = to_string(error.kind);
  o["retryable"] = error.retryable();
  o["provider_code"] = error.code.empty() ? boost::json::value(nullptr) : boost::json::value(error.code);
  o["provider_request_id"] =
      error.request_id.empty() ? boost::json::value(nullptr) : boost::json::value(error.request_id);
  if (error.http_status != 0) o["upstream_status"] = error.http_status;
  return o;
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
  o["error"] = r.error ? boost::json::value(upstream_problem(*r.error)) : boost::json::value(nullptr);
  return o;
}

}  // namespace qg::quotas
