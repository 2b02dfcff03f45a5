#pragma once
// The clouds' identity services on the wire (build-creds/PROTOCOLS.md §3–6), served on the
// emulator's one port beside the data APIs, always (they are not control plane):
//   PUT  /latest/api/token                                     ECS IMDSv2 session token (text)
//   GET  /latest/meta-data/ram/security-credentials/[<role>]   ECS: role name (text) | credentials
//   GET  /latest/meta-data/cam/security-credentials/[<role>]   CVM: role name (text) | credentials
//   POST /?Action=AssumeRoleWithOIDC&Version=2015-04-01        Alibaba STS, RPC, anonymous
//   POST /  X-TC-Action: AssumeRoleWithWebIdentity             Tencent STS, API 3.0, Authorization: SKIP
// Every credential they hand out is fresh and lives IdentityConfig::ttl_seconds (STS: at most the
// DurationSeconds asked for). The STS actions themselves are in identity_sts.hpp. Pure.

#include <cstdint>
#include <optional>
#include <string_view>

#include "adapters/emulator/identity.hpp"
#include "adapters/emulator/wire.hpp"

namespace qg::emulator {

inline constexpr std::string_view kEcsSessionHeader = "X-aliyun-ecs-metadata-token";
inline constexpr std::string_view kEcsSessionTtlHeader = "X-aliyun-ecs-metadata-token-ttl-seconds";

// Which identity endpoint a request is for, if any: by the metadata paths, by X-TC-Action, by
// Action=AssumeRoleWithOIDC in the query (RPC style) or in x-acs-action (V3 style). The data
// APIs never use these paths or actions, so their routing is unchanged.
std::optional<IdentitySource> identity_endpoint(const WireRequest& request);

// The endpoint's answer at `now_unix`. Metadata: 200 text or JSON; 400 for a session-token TTL
// outside 1..21600; 401 for a missing (hardened mode), wrong or expired session token; 404 when
// no role is attached or the role is not the attached one; 405 for another method. STS: the
// cloud's own envelopes and codes (Alibaba POP with HTTP 4xx, Tencent HTTP 200 Response.Error).
WireResponse identity_serve(IdentityState& state, IdentitySource endpoint, const WireRequest& request,
                            std::int64_t now_unix);

// The session token a data-API request carries: X-TC-Token (Tencent, unsigned) or
// x-acs-security-token (Alibaba, signed), as the gateway's signers send them.
std::string_view session_token(Cloud cloud, const WireRequest& request);

// A data-API refusal for an issued credential whose token does not stand (`status` != kValid).
// Tencent: AuthFailure.TokenFailure (its one token code) with a message per status. Alibaba, HTTP
// 400: MissingSecurityToken, InvalidSecurityToken.MismatchWithAccessKey,
// InvalidSecurityToken.Expired, and InvalidAccessKeyId.Inactive for a revoked one (a key its
// owner switched off).
WireResponse token_refusal(Cloud cloud, TokenStatus status, std::string_view host, std::string_view product);

}  // namespace qg::emulator
