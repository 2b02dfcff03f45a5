#pragma once
// Server-side ACS3-HMAC-SHA256 verification (providers.md §6), rebuilt from the request as it
// arrived: every host / content-type / x-acs-* header present must be signed, the body must
// hash to x-acs-content-sha256, x-acs-date within 15 minutes, the canonical query re-derived
// from the decoded parameters. Nonce reuse is checked by the caller (it is state). Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/emulator/verify_tc3.hpp"
#include "adapters/emulator/wire.hpp"

namespace qg::emulator {

struct Acs3Verified {
  std::string access_key_id;
  std::string nonce;
};

// Failures carry the POP code and the HTTP status the gateway answers with.
std::optional<VerifyFailure> verify_acs3(const WireRequest& request, const std::vector<Credential>& credentials,
                                         std::int64_t now_unix, Acs3Verified& out);

}  // namespace qg::emulator
