#pragma once
// Server-side TC3-HMAC-SHA256 verification (providers.md §5), rebuilt from the request as it
// arrived: any SignedHeaders set that includes content-type and host, the header values as the
// client sent them (the Host header too, whatever address it connected to), the query as sent,
// the raw body bytes. A different code path from the client signer on purpose, so that a bug
// shared by both cannot hide. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/emulator/options.hpp"
#include "adapters/emulator/verify_common.hpp"
#include "adapters/emulator/wire.hpp"

namespace qg::emulator {

inline constexpr std::int64_t kTc3MaxSkewSeconds = 300;

struct Tc3Verified {
  std::string secret_id;
};

// The SecretId the Authorization header names, verified or not ("" when unreadable): whom a
// request is attributed to in the statistics.
std::string tc3_claimed_secret_id(const WireRequest& request);

// `service` is what the credential scope must name ("live"). It is deliberately not compared
// with the Host's first label: clients reach the emulator as 127.0.0.1 but sign for `live`.
// Codes: AuthFailure.InvalidAuthorization, AuthFailure.SecretIdNotFound, MissingParameter,
// InvalidParameterValue, AuthFailure.SignatureExpire, AuthFailure.SignatureFailure.
std::optional<VerifyFailure> verify_tc3(const WireRequest& request, const std::vector<Credential>& credentials,
                                        std::int64_t now_unix, std::string_view service, Tc3Verified& out);

}  // namespace qg::emulator
