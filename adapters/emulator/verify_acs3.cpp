#include "adapters/emulator/verify_acs3.hpp"

#include <algorithm>
#include <cstdlib>

#include "adapters/common/signing/acs3.hpp"
#include "adapters/common/signing/crypto.hpp"
#include "adapters/common/time.hpp"

namespace qg::emulator {
namespace {

VerifyFailure fail(unsigned status, std::string code, std::string message) {
  return {std::move(code), std::move(message), status};
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

struct Parsed {
  std::string access_key_id, signed_headers, signature;
};

// "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=hex"
std::optional<Parsed> parse_authorization(std::string_view auth) {
  constexpr std::string_view kPrefix = "ACS3-HMAC-SHA256 ";
  if (!auth.starts_with(kPrefix)) return std::nullopt;
  auth.remove_prefix(kPrefix.size());
  Parsed p;
  std::size_t pos = 0;
  while (pos < auth.size()) {
    auto comma = auth.find(',', pos);
    if (comma == std::string_view::npos) comma = auth.size();
    const auto part = auth.substr(pos, comma - pos);
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const auto key = trim(part.substr(0, eq));
    const std::string value(part.substr(eq + 1));
    if (key == "Credential") p.access_key_id = value;
    else if (key == "SignedHeaders") p.signed_headers = value;
    else if (key == "Signature") p.signature = value;
    else return std::nullopt;
    pos = comma + 1;
  }
  if (p.access_key_id.empty() || p.signed_headers.empty() || p.signature.empty()) return std::nullopt;
  return p;
}

bool must_be_signed(std::string_view lower_name) {
  return lower_name == "host" || lower_name == "content-type" || lower_name.starts_with("x-acs-");
}

}  // namespace

std::optional<VerifyFailure> verify_acs3(const WireRequest& req, const std::vector<Credential>& credentials,
                                         std::int64_t now_unix, Acs3Verified& out) {
  const auto parsed = parse_authorization(req.header("Authorization"));
  if (!parsed) return fail(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.");
  const auto cred = std::find_if(credentials.begin(), credentials.end(),
                                 [&](const Credential& c) { return c.id == parsed->access_key_id; });
  if (cred == credentials.end()) return fail(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
  out.access_key_id = parsed->access_key_id;

  const auto date = std::string(req.header("x-acs-date"));
  const auto when = adapters::parse_rfc3339(date);
  if (!when) return fail(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
  if (std::llabs(now_unix - *when) > 15 * 60) {
    return fail(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
  }
  out.nonce = std::string(req.header("x-acs-signature-nonce"));
  if (out.nonce.empty()) return fail(400, "MissingSignatureNonce", "x-acs-signature-nonce is mandatory.");

  std::vector<std::string> signed_names;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= parsed->signed_headers.size(); ++i) {
    if (i == parsed->signed_headers.size() || parsed->signed_headers[i] == ';') {
      signed_names.push_back(lower(parsed->signed_headers.substr(start, i - start)));
      start = i + 1;
    }
  }
  for (const auto& [name, value] : req.headers) {
    const auto key = lower(name);
    if (must_be_signed(key) && std::find(signed_names.begin(), signed_names.end(), key) == signed_names.end()) {
      return fail(400, "IncompleteSignature", "The request header " + key + " must be signed.");
    }
  }
  const auto content_hash = std::string(req.header("x-acs-content-sha256"));
  if (content_hash != signing::sha256_hex(req.body)) {
    return fail(400, "SignatureDoesNotMatch", "x-acs-content-sha256 does not match the request body.");
  }

  auto params = decode_query(req.query);
  if (!params) return fail(400, "InvalidParameter", "The query string is not correctly percent-encoded.");
  std::vector<std::pair<std::string, std::string>> encoded;
  for (const auto& [k, v] : *params) encoded.emplace_back(signing::rfc3986_encode(k), signing::rfc3986_encode(v));
  std::sort(encoded.begin(), encoded.end());
  std::string canonical_query;
  for (const auto& [k, v] : encoded) canonical_query += (canonical_query.empty() ? "" : "&") + k + "=" + v;

  std::string canonical_headers;
  for (const auto& name : signed_names) {
    if (!req.has_header(name)) return fail(400, "IncompleteSignature", "Signed header " + name + " is missing.");
    canonical_headers += name + ":" + trim(req.header(name)) + "\n";
  }
  // The path as sent, segment by segment re-encoded, exactly as the client must have signed it.
  std::string canonical_uri;
  std::size_t seg = 0;
  while (seg <= req.path.size()) {
    const auto slash = req.path.find('/', seg);
    const auto end = slash == std::string::npos ? req.path.size() : slash;
    auto decoded = decode_query("x=" + req.path.substr(seg, end - seg));
    canonical_uri += signing::rfc3986_encode(decoded && !decoded->empty() ? decoded->front().second : "");
    if (slash == std::string::npos) break;
    canonical_uri += "/";
    seg = slash + 1;
  }
  const std::string canonical = req.method + "\n" + canonical_uri + "\n" + canonical_query + "\n" + canonical_headers +
                                "\n" + parsed->signed_headers + "\n" + content_hash;
  const std::string to_sign = "ACS3-HMAC-SHA256\n" + signing::sha256_hex(canonical);
  const std::string expected = signing::hex_lower(signing::hmac_sha256(cred->secret, to_sign));
  if (!signing::constant_time_equal(expected, parsed->signature)) {
    return fail(400, "SignatureDoesNotMatch",
                "The request signature does not conform to Aliyun standards. server string to sign is:" + to_sign);
  }
  return std::nullopt;
}

}  // namespace qg::emulator
