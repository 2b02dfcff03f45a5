#pragma once
// RFC 9457 problem responses (application/problem+json) for everything the gateway itself
// refuses. Upstream failures have their own table in quotas/source_report.cpp.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "gateway/http/response.hpp"

namespace qg::http {

// When adding enumerators here, also add them to kProblems in problem.cpp and to openapi/openapi.yaml.
enum class ProblemKind {
  kInvalidParameters,  // 400
  kBadRequest,         // 400: not HTTP we can read
  kUnauthorized,       // 401
  kNotFound,           // 404
  kMethodNotAllowed,   // 405
  kNotAcceptable,      // 406
  kPayloadTooLarge,    // 413
  kHeadersTooLarge,    // 431
  kTooManyRequests,    // 429
  kInternal,           // 500: a bug; never an upstream failure
  kAllSourcesFailed,   // 502
  kShuttingDown,       // 503
  kTimeout,            // 504
};

// invalid_params lists at most this many; invalid_params_total counts them all.
inline constexpr std::size_t kMaxInvalidParams = 20;

struct InvalidParam {
  std::string name;
  std::string reason;
};

std::string problem_type_uri(std::string_view slug);
unsigned problem_status(ProblemKind kind);

boost::json::object problem_object(ProblemKind kind, std::string detail,
                                   const std::vector<InvalidParam>& invalid_params = {});
Response problem_response(ProblemKind kind, std::string detail, const std::vector<InvalidParam>& invalid_params = {});
// A problem body that carries extra members (e.g. the sources array of a 502).
Response problem_response(unsigned status, boost::json::object problem);

}  // namespace qg::http
