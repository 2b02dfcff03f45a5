#pragma once
// What the two Alibaba Cloud APIs share (providers.md §2.6, §3.6, §6, §9.2): the ACS3-signed
// request shape, the POP error envelope, the code → taxonomy table and the throttling hint.
// One place for all of it, so ICE and AIContent classify identically. Pure.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/common/http_types.hpp"
#include "adapters/common/attempt.hpp"
#include "adapters/common/secret.hpp"
#include "adapters/common/signing/acs3.hpp"
#include "adapters/common/upstream_error.hpp"

namespace qg::adapters::alibaba {

struct Credentials {
  std::string access_key_id;
  Secret access_key_secret;
  Secret security_token;  // STS: sent (and signed) as x-acs-security-token
};

struct PopCall {
  std::string_view method;   // "POST" (RPC) or "GET" (ROA)
  std::string_view path;     // "/" for RPC, the ROA path
  std::string_view action;   // x-acs-action
  std::string_view version;  // x-acs-version
  signing::NameValues query;
};

// The complete signed request for one attempt: fresh x-acs-date and nonce from `attempt`;
// the URL query is exactly the canonical query, so what is signed is what is sent.
HttpRequest build_request(const Endpoint& endpoint, const Credentials& credentials, const PopCall& call,
                          const AttemptContext& attempt);

// "2025-01-02T03:04:05Z"
std::string acs_date(std::int64_t unix_seconds);

ErrorKind classify_code(std::string_view code, unsigned http_status);

// The wait a throttled response asks for: the larger TimeLeft (ms) of x-ratelimit-user-api and
// x-ratelimit-user ("Limit:1,Remain:0,TimeLeft:2000,Reset:1234").
std::optional<std::chrono::milliseconds> throttle_hint(const HttpResponse& response);

// An error from the POP envelope ({"Code","Message","RequestId","HostId"}) or, failing that,
// from the HTTP status alone. The request id falls back to the x-acs-request-id header.
UpstreamError pop_error(const HttpResponse& response, std::string_view code, std::string_view message,
                        std::string_view request_id);

}  // namespace qg::adapters::alibaba
