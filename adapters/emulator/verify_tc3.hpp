#pragma once
// Server-side TC3-HMAC-SHA256 verification (providers.md §5), rebuilt from the request as it
// arrived: any SignedHeaders set that includes content-type and host, header values as the
// client sent them (the Host header too, whatever address it connected to). A different code
// path from the client signer on purpose: a bug shared by both could not hide. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/emulator/wire.hpp"

namespace qg::emulator {

struct Credential {
  std::string id;
  std::string secret;
};

struct VerifyFailure {
  std::string code;     // "AuthFailure.SignatureFailure", ...
  std::string message;
  unsigned http_status = 200;  // Alibaba answers with 4xx; Tencent always 200
};

struct Tc3Verified {
  std::string secret_id;
};

// `service` is what the credential scope must name ("live").
std::optional<VerifyFailure> verify_tc3(const WireRequest& request, const std::vector<Credential>& credentials,
                                        std::int64_t now_unix, std::string_view service, Tc3Verified& out);

}  // namespace qg::emulator
