#pragma once
// Server-side ACS3-HMAC-SHA256 verification (providers.md §6), rebuilt from the request as it
// arrived: every host / content-type / x-acs-* header present must be signed, the body must
// hash to x-acs-content-sha256, x-acs-date within 15 minutes, the canonical query re-derived
// from the decoded parameters (so the wire may escape differently from the canonical form).
// Nonce reuse is the caller's check: it is state. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/emulator/options.hpp"
#include "adapters/emulator/verify_common.hpp"
#include "adapters/emulator/wire.hpp"

namespace qg::emulator {

inline constexpr std::int64_t kAcs3MaxSkewSeconds = 15 * 60;

struct Acs3Verified {
  std::string access_key_id;
  std::string nonce;
  std::int64_t date_unix = 0;  // x-acs-date
};

// The AccessKeyId the Authorization header names, verified or not ("" when unreadable).
std::string acs3_claimed_access_key_id(const WireRequest& request);

// Failures carry the POP code and the HTTP status the gateway answers with: IncompleteSignature
// 400, InvalidAccessKeyId.NotFound 404, InvalidTimeStamp.Format / .Expired 400,
// MissingSignatureNonce 400, SignatureDoesNotMatch 400 (its message holds the server's string
// to sign, as the real one does).
std::optional<VerifyFailure> verify_acs3(const WireRequest& request, const std::vector<Credential>& credentials,
                                         std::int64_t now_unix, Acs3Verified& out);

}  // namespace qg::emulator
