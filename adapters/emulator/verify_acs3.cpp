#include "adapters/emulator/verify_acs3.hpp"

#include <algorithm>
#include <cstdlib>

#include "adapters/common/signing/acs3.hpp"
#include "adapters/common/signing/crypto.hpp"
#include "adapters/common/time.hpp"

namespace qg::emulator {
namespace {

using namespace verify_detail;

constexpr std::string_view kAlgorithm = "ACS3-HMAC-SHA256";

VerifyFailure fail(unsigned status, std::string code, std::string message) {
  return {std::move(code), std::move(message), status};
}

struct Parsed {
  std::string_view access_key_id, signed_headers, signature;
};

// "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=hex"
std::optional<Parsed> parse_authorization(std::string_view auth) {
  if (!auth.starts_with(kAlgorithm) || auth.size() == kAlgorithm.size() || auth[kAlgorithm.size()] != ' ') {
    return std::nullopt;
  }
  Parsed p;
  bool unknown_key = false;
  const bool ok = for_each_auth_pair(auth.substr(kAlgorithm.size() + 1), [&](std::string_view key, std::string_view value) {
    if (key == "Credential") p.access_key_id = value;
    else if (key == "SignedHeaders") p.signed_headers = value;
    else if (key == "Signature") p.signature = value;
    else unknown_key = true;
  });
  if (!ok || unknown_key || p.access_key_id.empty() || p.signed_headers.empty() || p.signature.empty()) {
    return std::nullopt;
  }
  return p;
}

bool must_be_signed(std::string_view lower_name) {
  return lower_name == "host" || lower_name == "content-type" || lower_name.starts_with("x-acs-");
}

// Sorted by encoded name (then value), each part RFC 3986-encoded, from the decoded parameters.
std::string canonical_query(const Params& params) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(params.size());
  for (const auto& [k, v] : params) encoded.emplace_back(signing::rfc3986_encode(k), signing::rfc3986_encode(v));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [k, v] : encoded) out += (out.empty() ? "" : "&") + k + "=" + v;
  return out;
}

// The path as received, each segment decoded then re-encoded: what the client had to sign.
std::optional<std::string> canonical_uri(std::string_view path) {
  std::string out;
  bool first = true;
  for (const auto segment : split(path, '/')) {
    if (!first) out += '/';
    first = false;
    // '+' is a plus in a path, unlike in a query.
    std::string escaped;
    for (const char c : segment) escaped += c == '+' ? std::string("%2B") : std::string(1, c);
    const auto decoded = decode_query("s=" + escaped);
    if (!decoded) return std::nullopt;
    out += signing::rfc3986_encode(decoded->empty() ? std::string() : decoded->front().second);
  }
  return out;
}

}  // namespace

std::string acs3_claimed_access_key_id(const WireRequest& request) {
  const auto parsed = parse_authorization(request.header("Authorization"));
  return parsed ? std::string(parsed->access_key_id) : std::string();
}

std::optional<VerifyFailure> verify_acs3(const WireRequest& req, const std::vector<Credential>& credentials,
                                         std::int64_t now_unix, Acs3Verified& out) {
  const auto parsed = parse_authorization(req.header("Authorization"));
  if (!parsed) {
    return fail(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.");
  }
  const auto cred = std::find_if(credentials.begin(), credentials.end(),
                                 [&](const Credential& c) { return c.id == parsed->access_key_id; });
  if (cred == credentials.end()) return fail(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");

  const auto date = adapters::parse_rfc3339(req.header("x-acs-date"));
  if (!date) return fail(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
  if (std::llabs(now_unix - *date) > kAcs3MaxSkewSeconds) {
    return fail(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
  }
  const auto nonce = req.header("x-acs-signature-nonce");
  if (nonce.empty()) return fail(400, "MissingSignatureNonce", "SignatureNonce is mandatory for this action.");

  const auto signed_names = split(parsed->signed_headers, ';');
  const auto is_signed = [&](std::string_view n) {
    return std::find(signed_names.begin(), signed_names.end(), n) != signed_names.end();
  };
  for (const auto& [name, value] : req.headers) {
    const auto key = lower(name);
    if (must_be_signed(key) && !is_signed(key)) {
      return fail(400, "IncompleteSignature", "The request header " + key + " must be signed.");
    }
  }
  std::string canonical_headers;
  for (const auto name : signed_names) {
    if (name.empty() || name != lower(name) || !req.has_header(name)) {
      return fail(400, "IncompleteSignature", "Signed header " + std::string(name) + " is not in the request.");
    }
    canonical_headers += std::string(name) + ":" + std::string(trim(req.header(name))) + "\n";
  }
  // The hash of the bytes received, not the header's claim: a tampered body cannot verify.
  const std::string body_hash = signing::sha256_hex(req.body);
  if (req.header("x-acs-content-sha256") != body_hash) {
    return fail(400, "SignatureDoesNotMatch", "x-acs-content-sha256 does not match the SHA-256 of the request body.");
  }
  const auto params = decode_query(req.query);
  const auto uri = canonical_uri(req.path);
  if (!params || !uri) return fail(400, "InvalidParameter", "The request URL is not correctly percent-encoded.");

  const std::string canonical = req.method + "\n" + *uri + "\n" + canonical_query(*params) + "\n" +
                                canonical_headers + "\n" + std::string(parsed->signed_headers) + "\n" + body_hash;
  const std::string string_to_sign = std::string(kAlgorithm) + "\n" + signing::sha256_hex(canonical);
  const std::string expected = signing::hex_lower(signing::hmac_sha256(cred->secret, string_to_sign));
  if (!signing::constant_time_equal(expected, parsed->signature)) {
    return fail(400, "SignatureDoesNotMatch",
                "The request signature does not conform to Aliyun standards. server string to sign is:" +
                    string_to_sign);
  }
  out.access_key_id = cred->id;
  out.nonce = std::string(nonce);
  out.date_unix = *date;
  return std::nullopt;
}

}  // namespace qg::emulator
