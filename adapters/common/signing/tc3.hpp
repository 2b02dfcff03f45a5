#pragma once
// Tencent Cloud API 3.0 signature, TC3-HMAC-SHA256 (providers.md §5). A pure function of its
// inputs: the caller supplies the timestamp, so every retry can sign afresh.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qg::signing {

struct Tc3Request {
  std::string_view method = "POST";
  std::string_view host;             // as sent in the Host header
  std::string_view canonical_query;  // "" for POST; the query exactly as sent for GET
  std::string_view content_type;     // exactly as sent
  std::string_view payload;          // the exact body bytes
  std::int64_t timestamp = 0;        // X-TC-Timestamp, Unix seconds
  std::string_view service;          // "live": never derived from an overridden endpoint
  // Headers signed besides content-type and host (name, value as sent); lower-cased when signed.
  std::vector<std::pair<std::string, std::string>> extra_signed_headers;
};

struct Tc3Signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signing_key_hex;
  std::string signed_headers;  // "content-type;host"
  std::string signature;       // lower-case hex
  std::string authorization;   // the Authorization header value
};

Tc3Signature tc3_sign(const Tc3Request& request, std::string_view secret_id, std::string_view secret_key);

}  // namespace qg::signing
