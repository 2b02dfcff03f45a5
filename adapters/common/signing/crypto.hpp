#pragma once
// The few primitives both signature schemes (and the emulator's verifiers) are built from.

#include <string>
#include <string_view>

namespace qg::signing {

// Raw 32-byte digests.
std::string sha256(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view message);

std::string hex_lower(std::string_view bytes);
inline std::string sha256_hex(std::string_view data) { return hex_lower(sha256(data)); }

// Equality whose running time does not depend on where the inputs differ.
bool constant_time_equal(std::string_view a, std::string_view b);

// SHA-256 of the empty string, the payload hash of every bodiless request.
inline constexpr std::string_view kEmptySha256Hex =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

}  // namespace qg::signing
