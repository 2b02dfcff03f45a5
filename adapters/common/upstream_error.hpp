#pragma once
// The one error taxonomy for what a cloud API call can come to. Each adapter's errors.cpp maps its
// provider's codes into it; the gateway's fetch loop acts on it (retry or not), and
// gateway/problem/problem.cpp turns it into a problem type. The gateway's own reasons not to
// call a cloud (no pacing slot, an open breaker) are not here: they are not the cloud's.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <boost/assert/source_location.hpp>

namespace qg::adapters {

// When adding enumerators here, also add them to kKindInfo in upstream_error.cpp, to
// upstream_kind() in gateway/problem/problem.cpp and to the `kind` enum in openapi/openapi.yaml.
enum class ErrorKind {
  kThrottled,      // the provider said "too many requests" (RequestLimitExceeded, Throttling*)
  kTransient,      // 5xx, InternalError, ServiceUnavailable, connection reset: try again later
  kTimeout,        // an attempt or the whole request ran out of time
  kNetwork,        // could not resolve, connect or complete TLS
  kBadResponse,    // the provider answered something we cannot read (truncated, not JSON)
  kAuth,           // credentials or signature rejected
  kInvalidRequest, // the provider rejected a parameter (a bug on our side or a changed API)
  kAccountState,   // the account is frozen, disabled, in arrears
  kPermanent,      // any other non-retryable provider error
};

std::string_view to_string(ErrorKind kind);

// Retrying can help: the same request may succeed a moment later.
bool is_retryable(ErrorKind kind);

struct UpstreamError {
  ErrorKind kind = ErrorKind::kPermanent;
  std::string code;        // the provider's code, verbatim ("AuthFailure.SignatureFailure"); empty for local errors
  std::string message;     // human-readable; never contains credentials
  std::string request_id;  // the provider's request id when it gave one
  int http_status = 0;     // the upstream HTTP status, 0 when none was received
  std::optional<std::chrono::milliseconds> retry_after;  // the provider's wait hint

  bool retryable() const { return is_retryable(kind); }
};

UpstreamError make_error(ErrorKind kind, std::string message);

// What of a cloud's error text is shown (sources[].error, logs, CLI output): the message at most
// kMaxErrorMessageBytes, code and request id at most 128 bytes each, every control character and
// bidi mark escaped (displayable_text). A 1 MiB message must not make every answer megabytes.
inline constexpr std::size_t kMaxErrorMessageBytes = 512;
UpstreamError displayable(UpstreamError error);

// "throttled: RequestLimitExceeded: too many requests (request id ...)"; for logs and problems.
std::string describe(const UpstreamError& error);

// Lets boost::system::result<T, UpstreamError>::value() throw; found by ADL.
[[noreturn]] void throw_exception_from_error(const UpstreamError& error, const boost::source_location& loc);

}  // namespace qg::adapters
