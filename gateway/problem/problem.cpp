#include "gateway/problem/problem.hpp"

#include <array>

namespace qg::problem {
namespace {

using adapters::ErrorKind;

constexpr std::array<Info, 27> kTable{{
    {Kind::kInvalidParameters, 400, "invalid-parameters", "Invalid query parameters"},
    {Kind::kBadRequest, 400, "bad-request", "Malformed HTTP request"},
    {Kind::kUnauthorized, 401, "unauthorized", "Missing or invalid API key"},
    {Kind::kNotFound, 404, "not-found", "No such resource"},
    {Kind::kMethodNotAllowed, 405, "method-not-allowed", "Method not allowed"},
    {Kind::kNotAcceptable, 406, "not-acceptable", "No acceptable representation"},
    {Kind::kPayloadTooLarge, 413, "payload-too-large", "Request body too large"},
    {Kind::kTooManyRequests, 429, "too-many-requests", "Too many requests"},
    {Kind::kHeadersTooLarge, 431, "headers-too-large", "Request header fields too large"},
    {Kind::kInternal, 500, "internal", "Internal error"},
    {Kind::kAllSourcesFailed, 502, "all-sources-failed", "Every source failed"},
    {Kind::kStarting, 503, "starting", "The gateway is starting"},
    {Kind::kShuttingDown, 503, "shutting-down", "The gateway is shutting down"},
    {Kind::kHistoryUnavailable, 503, "history-unavailable", "The usage history is not available"},
    {Kind::kExportsBusy, 503, "exports-busy", "Too many exports in progress"},
    {Kind::kUpstreamThrottled, 502, "upstream-throttled", "The provider throttled the request"},
    {Kind::kUpstreamUnavailable, 502, "upstream-unavailable", "The provider is temporarily unavailable"},
    {Kind::kUpstreamTimeout, 504, "upstream-timeout", "The provider did not answer in time"},
    {Kind::kUpstreamNetwork, 502, "upstream-network", "The provider could not be reached"},
    {Kind::kUpstreamBadResponse, 502, "upstream-bad-response", "The provider sent a response that cannot be read"},
    {Kind::kUpstreamAuth, 502, "upstream-auth", "The provider rejected the credentials"},
    {Kind::kUpstreamInvalidRequest, 502, "upstream-invalid-request", "The provider rejected the request"},
    {Kind::kUpstreamAccountState, 502, "upstream-account-state", "The provider account cannot be used"},
    {Kind::kUpstreamError, 502, "upstream-error", "The provider returned an error"},
    {Kind::kRateLimited, 504, "upstream-rate-limited", "No upstream request slot was free before the deadline"},
    {Kind::kCircuitOpen, 502, "upstream-circuit-open", "The source is failing; calls are paused"},
    {Kind::kSourceShuttingDown, 503, "source-shutting-down", "The gateway stopped waiting: it is shutting down"},
}};

// At a character boundary: a clipped name must stay valid UTF-8.
std::string clip(const std::string& text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

Kind upstream_kind(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kThrottled: return Kind::kUpstreamThrottled;
    case ErrorKind::kTransient: return Kind::kUpstreamUnavailable;
    case ErrorKind::kTimeout: return Kind::kUpstreamTimeout;
    case ErrorKind::kNetwork: return Kind::kUpstreamNetwork;
    case ErrorKind::kBadResponse: return Kind::kUpstreamBadResponse;
    case ErrorKind::kAuth: return Kind::kUpstreamAuth;
    case ErrorKind::kInvalidRequest: return Kind::kUpstreamInvalidRequest;
    case ErrorKind::kAccountState: return Kind::kUpstreamAccountState;
    case ErrorKind::kPermanent: return Kind::kUpstreamError;
  }
  return Kind::kUpstreamError;
}

}  // namespace

const Info& info(Kind kind) {
  for (const auto& row : kTable) {
    if (row.kind == kind) return row;
  }
  return kTable[9];  // internal: the safe answer for a value outside the enum
}

std::string type_uri(Kind kind) { return "https://quota-gateway.dev/problems/" + std::string(info(kind).slug); }

std::vector<Info> all() { return {kTable.begin(), kTable.end()}; }

boost::json::object object(Kind kind, std::string detail, const std::vector<InvalidParam>& params) {
  const Info& i = info(kind);
  boost::json::object o;
  o["type"] = type_uri(kind);
  o["title"] = i.title;
  o["status"] = i.status;
  o["detail"] = std::move(detail);
  if (!params.empty()) {
    // A query of thousands of bad parameters must not buy a megabyte of answer: the first few
    // say what to fix, the count says how many more there are.
    boost::json::array list;
    for (std::size_t n = 0; n < params.size() && n < kMaxInvalidParams; ++n) {
      list.push_back(boost::json::object{{"name", clip(params[n].name, 128)}, {"reason", clip(params[n].reason, 512)}});
    }
    o["invalid_params"] = std::move(list);
    if (params.size() > kMaxInvalidParams) o["invalid_params_total"] = params.size();
  }
  return o;
}

bool SourceError::retryable() const { return local == Local::kNone ? upstream.retryable() : local == Local::kRateLimited; }

SourceError upstream_failure(adapters::UpstreamError error) { return SourceError{std::move(error), Local::kNone}; }

SourceError local_failure(Local why, std::string message) {
  return SourceError{adapters::make_error(adapters::ErrorKind::kPermanent, std::move(message)), why};
}

Kind kind_of(const SourceError& e) {
  switch (e.local) {
    case Local::kNone: return upstream_kind(e.upstream.kind);
    case Local::kRateLimited: return Kind::kRateLimited;
    case Local::kCircuitOpen: return Kind::kCircuitOpen;
    case Local::kShuttingDown: return Kind::kSourceShuttingDown;
  }
  return Kind::kUpstreamError;
}

std::string_view kind_name(const SourceError& e) {
  switch (e.local) {
    case Local::kNone: return adapters::to_string(e.upstream.kind);
    case Local::kRateLimited: return "rate_limited";
    case Local::kCircuitOpen: return "circuit_open";
    case Local::kShuttingDown: return "shutting_down";
  }
  return "permanent";
}

std::string describe(const SourceError& e) {
  if (e.local == Local::kNone) return adapters::describe(e.upstream);
  return std::string(kind_name(e)) + ": " + e.upstream.message;
}

boost::json::object source_problem(const SourceError& e) {
  boost::json::object o = object(kind_of(e), e.upstream.message);
  o["kind"] = kind_name(e);
  o["retryable"] = e.retryable();
  const auto& u = e.upstream;
  o["provider_code"] = u.code.empty() || e.local != Local::kNone ? boost::json::value(nullptr) : boost::json::value(u.code);
  o["provider_request_id"] = u.request_id.empty() ? boost::json::value(nullptr) : boost::json::value(u.request_id);
  if (u.http_status != 0) o["upstream_status"] = u.http_status;
  return o;
}

}  // namespace qg::problem
