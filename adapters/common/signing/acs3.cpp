#include "adapters/common/signing/acs3.hpp"
#include "adapters/common/text.hpp"

#include <algorithm>
#include <cctype>

#include "adapters/common/signing/crypto.hpp"

namespace qg::signing {
namespace {

bool is_signed_header(std::string_view lower_name) {
  return lower_name == "host" || lower_name == "content-type" || lower_name.starts_with("x-acs-");
}

}  // namespace

std::string rfc3986_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
  return out;
}

std::string acs3_canonical_query(const NameValues& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(query.size());
  for (const auto& [name, value] : query) encoded.emplace_back(rfc3986_encode(name), rfc3986_encode(value));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out.push_back('&');
    out.append(name).append("=").append(value);
  }
  return out;
}

std::string acs3_canonical_uri(std::string_view path) {
  if (path.empty()) return "/";
  std::string out;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    const std::size_t slash = path.find('/', pos);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    out.append(rfc3986_encode(path.substr(pos, end - pos)));
    if (slash == std::string_view::npos) break;
    out.push_back('/');
    pos = slash + 1;
  }
  return out;
}

Acs3Signature acs3_sign(const Acs3Request& r, std::string_view access_key_id, std::string_view access_key_secret) {
  Acs3Signature out;
  std::vector<std::pair<std::string, std::string>> signed_headers;
  bool has_content_hash = false;
  for (const auto& [name, value] : r.headers) {
    std::string key = adapters::ascii_lower(adapters::trim_ows(name));
    if (!is_signed_header(key)) continue;
    if (key == "x-acs-content-sha256") {
      has_content_hash = true;
      out.content_sha256 = std::string(adapters::trim_ows(value));
    }
    signed_headers.emplace_back(std::move(key), std::string(adapters::trim_ows(value)));
  }
  if (!has_content_hash) {
    out.content_sha256 = sha256_hex(r.body);
    signed_headers.emplace_back("x-acs-content-sha256", out.content_sha256);
  }
  std::sort(signed_headers.begin(), signed_headers.end());

  std::string canonical_headers;
  for (const auto& [name, value] : signed_headers) {
    canonical_headers.append(name).append(":").append(value).append("\n");
    if (!out.signed_headers.empty()) out.signed_headers.push_back(';');
    out.signed_headers.append(name);
  }

  out.canonical_request.append(r.method).append("\n");
  out.canonical_request.append(acs3_canonical_uri(r.path)).append("\n");
  out.canonical_request.append(acs3_canonical_query(r.query)).append("\n");
  out.canonical_request.append(canonical_headers).append("\n");
  out.canonical_request.append(out.signed_headers).append("\n");
  out.canonical_request.append(out.content_sha256);

  out.string_to_sign = "ACS3-HMAC-SHA256\n" + sha256_hex(out.canonical_request);
  out.signature = hex_lower(hmac_sha256(access_key_secret, out.string_to_sign));
  out.authorization = "ACS3-HMAC-SHA256 Credential=";
  out.authorization.append(access_key_id).append(",SignedHeaders=").append(out.signed_headers);
  out.authorization.append(",Signature=").append(out.signature);
  return out;
}

}  // namespace qg::signing
