#include "adapters/common/signing/tc3.hpp"
#include "adapters/common/text.hpp"

#include <algorithm>
#include <cctype>

#include "adapters/common/signing/crypto.hpp"
#include "adapters/common/time.hpp"

namespace qg::signing {
namespace {

}  // namespace

Tc3Signature tc3_sign(const Tc3Request& r, std::string_view secret_id, std::string_view secret_key) {
  std::vector<std::pair<std::string, std::string>> headers;
  headers.reserve(2 + r.extra_signed_headers.size());
  headers.emplace_back("content-type", adapters::ascii_lower(adapters::trim_ows(r.content_type)));
  headers.emplace_back("host", adapters::ascii_lower(adapters::trim_ows(r.host)));
  for (const auto& [name, value] : r.extra_signed_headers) headers.emplace_back(adapters::ascii_lower(name), adapters::ascii_lower(adapters::trim_ows(value)));
  std::sort(headers.begin(), headers.end());

  Tc3Signature out;
  std::string canonical_headers;
  for (const auto& [name, value] : headers) {
    canonical_headers.append(name).append(":").append(value).append("\n");
    if (!out.signed_headers.empty()) out.signed_headers.push_back(';');
    out.signed_headers.append(name);
  }

  out.canonical_request.append(r.method).append("\n/\n").append(r.canonical_query).append("\n");
  out.canonical_request.append(canonical_headers).append("\n").append(out.signed_headers).append("\n");
  out.canonical_request.append(sha256_hex(r.payload));

  // The scope's date is the UTC date of the timestamp: local time is wrong around midnight.
  const std::string date = adapters::format_utc_date(r.timestamp);
  std::string scope = date;
  scope.append("/").append(r.service).append("/tc3_request");
  out.string_to_sign = "TC3-HMAC-SHA256\n" + std::to_string(r.timestamp) + "\n" + scope + "\n" +
                       sha256_hex(out.canonical_request);

  const std::string secret_date = hmac_sha256("TC3" + std::string(secret_key), date);
  const std::string secret_service = hmac_sha256(secret_date, r.service);
  const std::string secret_signing = hmac_sha256(secret_service, "tc3_request");
  out.signing_key_hex = hex_lower(secret_signing);
  out.signature = hex_lower(hmac_sha256(secret_signing, out.string_to_sign));

  out.authorization = "TC3-HMAC-SHA256 Credential=";
  out.authorization.append(secret_id).append("/").append(scope);
  out.authorization.append(", SignedHeaders=").append(out.signed_headers);
  out.authorization.append(", Signature=").append(out.signature);
  return out;
}

}  // namespace qg::signing
