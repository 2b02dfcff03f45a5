#include "adapters/emulator/verify_tc3.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "adapters/common/signing/crypto.hpp"
#include "adapters/common/time.hpp"

namespace qg::emulator {
namespace {

using namespace verify_detail;

constexpr std::string_view kAlgorithm = "TC3-HMAC-SHA256";

VerifyFailure fail(std::string code, std::string message) { return {std::move(code), std::move(message), 200}; }

// "TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=a;b, Signature=hex"
struct Parsed {
  std::string_view id, date, service, signed_headers, signature;
};

std::optional<Parsed> parse_authorization(std::string_view auth) {
  if (!auth.starts_with(kAlgorithm) || auth.size() == kAlgorithm.size() || auth[kAlgorithm.size()] != ' ') {
    return std::nullopt;
  }
  std::string_view credential;
  Parsed p;
  bool unknown_key = false;
  const bool ok = for_each_auth_pair(auth.substr(kAlgorithm.size() + 1), [&](std::string_view key, std::string_view value) {
    if (key == "Credential") credential = value;
    else if (key == "SignedHeaders") p.signed_headers = value;
    else if (key == "Signature") p.signature = value;
    else unknown_key = true;
  });
  const auto scope = split(credential, '/');
  if (!ok || unknown_key || scope.size() != 4 || scope[3] != "tc3_request" || scope[0].empty() ||
      p.signed_headers.empty() || p.signature.empty()) {
    return std::nullopt;
  }
  p.id = scope[0];
  p.date = scope[1];
  p.service = scope[2];
  return p;
}

std::string signature_for(const Credential& credential, const Parsed& p, std::string_view string_to_sign) {
  const std::string k_date = signing::hmac_sha256("TC3" + credential.secret, p.date);
  const std::string k_service = signing::hmac_sha256(k_date, p.service);
  const std::string k_signing = signing::hmac_sha256(k_service, "tc3_request");
  return signing::hex_lower(signing::hmac_sha256(k_signing, string_to_sign));
}

}  // namespace

std::string tc3_claimed_secret_id(const WireRequest& request) {
  const auto parsed = parse_authorization(request.header("Authorization"));
  return parsed ? std::string(parsed->id) : std::string();
}

std::optional<VerifyFailure> verify_tc3(const WireRequest& req, const std::vector<Credential>& credentials,
                                        std::int64_t now_unix, std::string_view service, Tc3Verified& out) {
  const auto parsed = parse_authorization(req.header("Authorization"));
  if (!parsed) {
    return fail("AuthFailure.InvalidAuthorization",
                "Authorization is missing or is not a valid TC3-HMAC-SHA256 Authorization header.");
  }
  const auto cred = std::find_if(credentials.begin(), credentials.end(),
                                 [&](const Credential& c) { return c.id == parsed->id; });
  if (cred == credentials.end()) return fail("AuthFailure.SecretIdNotFound", "The SecretId is not found.");

  const auto ts_text = req.header("X-TC-Timestamp");
  if (ts_text.empty()) return fail("MissingParameter", "The request is missing a required parameter `Timestamp`.");
  std::int64_t ts = 0;
  auto [ptr, ec] = std::from_chars(ts_text.data(), ts_text.data() + ts_text.size(), ts);
  if (ec != std::errc() || ptr != ts_text.data() + ts_text.size()) {
    return fail("InvalidParameterValue", "The value of parameter `Timestamp` is not a Unix timestamp.");
  }
  if (std::llabs(now_unix - ts) > kTc3MaxSkewSeconds) {
    return fail("AuthFailure.SignatureExpire",
                "Signature expired: the request timestamp differs from the server time by more than 5 minutes.");
  }
  if (parsed->date != adapters::format_utc_date(ts)) {
    return fail("AuthFailure.SignatureFailure", "The credential scope date is not the UTC date of X-TC-Timestamp.");
  }
  if (parsed->service != service) {
    return fail("AuthFailure.SignatureFailure",
                "The credential scope names service `" + std::string(parsed->service) + "`, expected `" +
                    std::string(service) + "`.");
  }

  const auto names = split(parsed->signed_headers, ';');
  const auto is_signed = [&](std::string_view n) { return std::find(names.begin(), names.end(), n) != names.end(); };
  if (!is_signed("content-type") || !is_signed("host")) {
    return fail("AuthFailure.SignatureFailure", "SignedHeaders must include content-type and host.");
  }
  // Entries in the order SignedHeaders lists them: the client committed to that list.
  std::string canonical_headers;
  for (const auto name : names) {
    if (name.empty() || name != lower(name) || !req.has_header(name)) {
      return fail("AuthFailure.SignatureFailure", "Signed header `" + std::string(name) + "` is not in the request.");
    }
    canonical_headers += std::string(name) + ":" + lower(trim(req.header(name))) + "\n";
  }
  const bool unsigned_payload = req.header("X-TC-Content-SHA256") == "UNSIGNED-PAYLOAD";
  const std::string payload_hash = signing::sha256_hex(unsigned_payload ? std::string_view("UNSIGNED-PAYLOAD") : req.body);
  const std::string canonical = req.method + "\n" + req.path + "\n" + req.query + "\n" + canonical_headers + "\n" +
                                std::string(parsed->signed_headers) + "\n" + payload_hash;
  const std::string string_to_sign = std::string(kAlgorithm) + "\n" + std::string(ts_text) + "\n" +
                                     std::string(parsed->date) + "/" + std::string(parsed->service) +
                                     "/tc3_request\n" + signing::sha256_hex(canonical);
  if (!signing::constant_time_equal(signature_for(*cred, *parsed, string_to_sign), parsed->signature)) {
    return fail("AuthFailure.SignatureFailure",
                "The provided credentials could not be validated. Please check your signature is correct.");
  }
  out.secret_id = cred->id;
  return std::nullopt;
}

}  // namespace qg::emulator
