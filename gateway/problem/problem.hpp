#pragma once
// RFC 9457 problem details: the one table from every kind of failure the gateway reports — a
// request it refuses, or a source it could not serve — to a problem type, title and HTTP status.
// Pure.

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "adapters/common/upstream_error.hpp"

namespace qg::problem {

// When adding enumerators here, also add a row to kTable in problem.cpp and the type to the
// ProblemType list of openapi/openapi.yaml.
enum class Kind {
  // The request itself.
  kInvalidParameters,  // 400
  kBadRequest,         // 400: not HTTP we can read
  kUnauthorized,       // 401
  kNotFound,           // 404
  kMethodNotAllowed,   // 405
  kNotAcceptable,      // 406
  kPayloadTooLarge,    // 413
  kTooManyRequests,    // 429
  kHeadersTooLarge,    // 431
  kInternal,           // 500: a bug; never an upstream failure
  kAllSourcesFailed,   // 502
  kStarting,           // 503
  kShuttingDown,       // 503
  kHistoryUnavailable, // 503: the history store does not answer
  kExportsBusy,        // 503: a streamed export past the export caps
  // One source (sources[].error): a cloud's answer, by the adapters' taxonomy ...
  kUpstreamThrottled,
  kUpstreamUnavailable,
  kUpstreamTimeout,
  kUpstreamNetwork,
  kUpstreamBadResponse,
  kUpstreamAuth,
  kUpstreamInvalidRequest,
  kUpstreamAccountState,
  kUpstreamError,
  // ... or the gateway's own reason not to ask it.
  kRateLimited,
  kCircuitOpen,
  kSourceShuttingDown,
};

struct Info {
  Kind kind;
  unsigned status;
  std::string_view slug;   // the type is https://quota-gateway.dev/problems/<slug>
  std::string_view title;
};

const Info& info(Kind kind);
std::string type_uri(Kind kind);
// Every row, for the OpenAPI contract test.
std::vector<Info> all();

struct InvalidParam {
  std::string name;
  std::string reason;
};

// invalid_params lists at most this many; invalid_params_total counts them all.
inline constexpr std::size_t kMaxInvalidParams = 20;

// {type, title, status, detail[, invalid_params, invalid_params_total]}
boost::json::object object(Kind kind, std::string detail, const std::vector<InvalidParam>& invalid_params = {});

// Why a source could not be served: a cloud's error, or the gateway's own refusal to call it.
enum class Local { kNone, kRateLimited, kCircuitOpen, kShuttingDown };

struct SourceError {
  adapters::UpstreamError upstream;  // for local failures: the message only
  Local local = Local::kNone;

  bool retryable() const;
};

SourceError upstream_failure(adapters::UpstreamError error);
SourceError local_failure(Local why, std::string message);

Kind kind_of(const SourceError& error);
// "rate_limited", "circuit_open", "shutting_down" or the upstream kind ("throttled", "auth", ...):
// the metric label and the problem's `kind` member.
std::string_view kind_name(const SourceError& error);
std::string describe(const SourceError& error);
// The problem object of sources[].error: the table's type, title and status, plus kind,
// retryable, provider_code, provider_request_id and upstream_status.
boost::json::object source_problem(const SourceError& error);

}  // namespace qg::problem
