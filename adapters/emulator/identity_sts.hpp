#pragma once
// The two STS actions the gateway exchanges OIDC tokens with (build-creds/PROTOCOLS.md §5-6),
// behind identity_api.hpp's routing. Any non-empty OIDC / web identity token is accepted unread:
// the emulator checks the request's shape, not who signed the token. Pure.
//
// Alibaba AssumeRoleWithOIDC 2015-04-01 (RPC, anonymous; parameters from the query and a form
// body): MissingVersion / InvalidVersion, Missing{RoleArn,OIDCProviderArn,OIDCToken},
// InvalidParameter.DurationSeconds (900..43200), each HTTP 400 in the POP envelope; 404
// InvalidAction.NotFound off "/" or for another method than GET/POST.
// Tencent AssumeRoleWithWebIdentity 2018-08-13 (POST, JSON, Authorization: SKIP): MissingParameter,
// NoSuchVersion, AuthFailure.InvalidAuthorization (signed), InvalidParameter (types),
// InvalidParameter.WebIdentityTokenError (empty token), InvalidParameter.OverTimeError (> 43200),
// InvalidParameter.ParamError, each HTTP 200 with Response.Error.

#include <cstdint>

#include "adapters/emulator/identity.hpp"
#include "adapters/emulator/wire.hpp"

namespace qg::emulator {

WireResponse assume_role_with_oidc(IdentityState& state, const WireRequest& request, std::int64_t now_unix);
WireResponse assume_role_with_web_identity(IdentityState& state, const WireRequest& request,
                                           std::int64_t now_unix);

}  // namespace qg::emulator
