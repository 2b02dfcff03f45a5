#pragma once
// Alibaba Cloud V3 signature, ACS3-HMAC-SHA256, for RPC and ROA APIs alike (providers.md §6).
// A pure function: the caller supplies x-acs-date and x-acs-signature-nonce in `headers`, so
// every attempt can be signed afresh.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qg::signing {

using NameValues = std::vector<std::pair<std::string, std::string>>;

struct Acs3Request {
  std::string_view method = "GET";
  std::string_view path = "/";  // RPC: "/"; ROA: the API path, not yet percent-encoded
  NameValues query;             // decoded names and values
  // Every header to be sent. host, content-type and all x-acs-* are signed; the rest is not.
  // x-acs-content-sha256 is computed from `body` when absent.
  NameValues headers;
  std::string_view body;
};

struct Acs3Signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signed_headers;  // "host;x-acs-action;..."
  std::string content_sha256;  // the x-acs-content-sha256 value
  std::string signature;       // lower-case hex
  std::string authorization;   // the Authorization header value
};

Acs3Signature acs3_sign(const Acs3Request& request, std::string_view access_key_id,
                        std::string_view access_key_secret);

// RFC 3986 percent-encoding over UTF-8 bytes: only A-Z a-z 0-9 - _ . ~ stay literal.
std::string rfc3986_encode(std::string_view text);

// "a=1&b=%20" sorted by encoded name (byte order); empty value as "k=".
std::string acs3_canonical_query(const NameValues& query);

// Each '/'-separated segment percent-encoded.
std::string acs3_canonical_uri(std::string_view path);

}  // namespace qg::signing
