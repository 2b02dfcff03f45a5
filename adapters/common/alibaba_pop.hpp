#pragma once
// What the two Alibaba Cloud APIs share (providers.md §2.6, §3.6, §6, §9.2): the ACS3-signed
// request shape, the POP error envelope, the code → taxonomy table and the throttling hint.
// One place for all of it, so ICE and AIContent sign and classify identically. Pure.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "adapters/common/attempt.hpp"
#include "adapters/common/http_types.hpp"
#include "adapters/common/quota_record.hpp"
#include "adapters/common/secret.hpp"
#include "adapters/common/signing/acs3.hpp"
#include "adapters/common/upstream_error.hpp"

namespace qg::adapters::alibaba {

struct Credentials {
  std::string access_key_id;
  Secret access_key_secret;
  Secret security_token;  // STS: sent (and signed) as x-acs-security-token
};

// The attempt's rotating credential when the gateway supplies one, else the configured key.
Credentials signing_credentials(const AttemptContext& attempt, const Credentials& configured);

struct PopCall {
  std::string_view method;   // "POST" (RPC) or "GET" (ROA)
  std::string_view path;     // "/" for RPC, the ROA path
  std::string_view action;   // x-acs-action
  std::string_view version;  // x-acs-version
  signing::NameValues query;
};

// The complete signed request for one attempt: host, x-acs-action, x-acs-version, x-acs-date
// and x-acs-signature-nonce from `attempt`, x-acs-content-sha256 of the empty body, accept,
// the STS token when there is one, Authorization. The URL query is exactly the canonical
// query, so what is signed is what is sent. x-acs-credentials-provider, which the official
// SDK adds, is never sent: it carries no meaning for the service (providers.md §2.3).
HttpRequest build_request(const Endpoint& endpoint, const Credentials& credentials, const PopCall& call,
                          const AttemptContext& attempt);

// "2025-01-02T03:04:05Z": x-acs-date, UTC, no fraction.
std::string acs_date(std::int64_t unix_seconds);

// The one code table for both APIs; the HTTP status decides only for codes it does not know.
ErrorKind classify_code(std::string_view code, unsigned http_status);

// The wait a throttled response asks for: the larger TimeLeft (milliseconds) of
// x-ratelimit-user-api and x-ratelimit-user ("Limit:1,Remain:0,TimeLeft:2000,Reset:1234").
std::optional<std::chrono::milliseconds> throttle_hint(const HttpResponse& response);

// The error fields of a body, whichever envelope carries them: the POP gateway's
// {"Code","Message","RequestId","HostId"} (also in camelCase), or AIContent's application
// envelope {"success":false,"errCode","errMessage","httpStatusCode","requestId"}.
struct PopEnvelope {
  std::string code;
  std::string message;
  std::string request_id;
  std::string host_id;
  std::optional<std::int64_t> http_status_code;  // the status echoed in the body, if any
};
PopEnvelope read_envelope(const boost::json::object& body);

// The classified error for an envelope answered with `status` (the transport's, or the one the
// body says for an application error on HTTP 200). The request id falls back to the
// x-acs-request-id header; throttling takes its retry_after from the rate-limit headers.
UpstreamError pop_error(const HttpResponse& response, const PopEnvelope& envelope, unsigned status);

// A body that is not a JSON object: on an error status, the status decides (an HTML 502 page is
// transient); on 2xx, a bad response. Never throws, whatever the bytes.
UpstreamError unreadable_body(const HttpResponse& response, std::string_view why);

}  // namespace qg::adapters::alibaba
