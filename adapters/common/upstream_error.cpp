#include "adapters/common/upstream_error.hpp"

#include <array>
#include <stdexcept>
#include <utility>

#include "adapters/common/text.hpp"

namespace qg::adapters {
namespace {

struct KindInfo {
  ErrorKind kind;
  std::string_view name;
  bool retryable;
};

constexpr std::array<KindInfo, 9> kKindInfo{{
    {ErrorKind::kThrottled, "throttled", true},
    {ErrorKind::kTransient, "transient", true},
    {ErrorKind::kTimeout, "timeout", true},
    {ErrorKind::kNetwork, "network", true},
    {ErrorKind::kBadResponse, "bad_response", true},
    {ErrorKind::kAuth, "auth", false},
    {ErrorKind::kInvalidRequest, "invalid_request", false},
    {ErrorKind::kAccountState, "account_state", false},
    {ErrorKind::kPermanent, "permanent", false},
}};

const KindInfo& info(ErrorKind kind) {
  for (const auto& entry : kKindInfo) {
    if (entry.kind == kind) return entry;
  }
  return kKindInfo[8];  // permanent: the safe answer for a value outside the enum
}

}  // namespace

std::string_view to_string(ErrorKind kind) { return info(kind).name; }

bool is_retryable(ErrorKind kind) { return info(kind).retryable; }

UpstreamError make_error(ErrorKind kind, std::string message) {
  UpstreamError error;
  error.kind = kind;
  error.message = std::move(message);
  return error;
}

UpstreamError displayable(UpstreamError error) {
  error.message = displayable_text(error.message, kMaxErrorMessageBytes);
  error.code = displayable_text(error.code, 128);
  error.request_id = displayable_text(error.request_id, 128);
  return error;
}

std::string describe(const UpstreamError& error) {
  std::string out(to_string(error.kind));
  if (!error.code.empty()) out.append(": ").append(error.code);
  if (!error.message.empty()) out.append(": ").append(error.message);
  if (!error.request_id.empty()) out.append(" (request id ").append(error.request_id).append(")");
  return out;
}

void throw_exception_from_error(const UpstreamError& error, const boost::source_location&) {
  throw std::runtime_error(describe(error));
}

}  // namespace qg::adapters
