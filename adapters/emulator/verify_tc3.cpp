#include "adapters/emulator/verify_tc3.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "adapters/common/signing/crypto.hpp"
#include "adapters/common/time.hpp"

namespace qg::emulator {
namespace {

std::string lower_trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

VerifyFailure fail(std::string code, std::string message) { return {std::move(code), std::move(message), 200}; }

// "TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=a;b, Signature=hex"
struct Parsed {
  std::string id, date, service, terminator, signed_headers, signature;
};

std::optional<Parsed> parse_authorization(std::string_view auth) {
  constexpr std::string_view kPrefix = "TC3-HMAC-SHA256 ";
  if (!auth.starts_with(kPrefix)) return std::nullopt;
  auth.remove_prefix(kPrefix.size());
  Parsed p;
  std::string credential;
  std::size_t pos = 0;
  while (pos < auth.size()) {
    auto comma = auth.find(',', pos);
    if (comma == std::string_view::npos) comma = auth.size();
    auto part = auth.substr(pos, comma - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const auto key = part.substr(0, eq);
    const std::string value(part.substr(eq + 1));
    if (key == "Credential") credential = value;
    else if (key == "SignedHeaders") p.signed_headers = value;
    else if (key == "Signature") p.signature = value;
    else return std::nullopt;
    pos = comma + 1;
  }
  // The SecretId itself may contain '/'? It may not: split from the right.
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= credential.size(); ++i) {
    if (i == credential.size() || credential[i] == '/') {
      parts.push_back(credential.substr(start, i - start));
      start = i + 1;
    }
  }
  if (parts.size() != 4 || p.signed_headers.empty() || p.signature.empty()) return std::nullopt;
  p.id = parts[0];
  p.date = parts[1];
  p.service = parts[2];
  p.terminator = parts[3];
  return p;
}

}  // namespace

std::optional<VerifyFailure> verify_tc3(const WireRequest& req, const std::vector<Credential>& credentials,
                                        std::int64_t now_unix, std::string_view service, Tc3Verified& out) {
  const auto parsed = parse_authorization(req.header("Authorization"));
  if (!parsed || parsed->terminator != "tc3_request") {
    return fail("AuthFailure.InvalidAuthorization", "Authorization header is not a valid TC3-HMAC-SHA256 header.");
  }
  const auto cred = std::find_if(credentials.begin(), credentials.end(),
                                 [&](const Credential& c) { return c.id == parsed->id; });
  if (cred == credentials.end()) return fail("AuthFailure.SecretIdNotFound", "The SecretId is not found.");
  out.secret_id = parsed->id;

  const auto ts_text = req.header("X-TC-Timestamp");
  std::int64_t ts = 0;
  auto [ptr, ec] = std::from_chars(ts_text.data(), ts_text.data() + ts_text.size(), ts);
  if (ts_text.empty() || ec != std::errc() || ptr != ts_text.data() + ts_text.size()) {
    return fail("MissingParameter", "The request is missing a valid X-TC-Timestamp header.");
  }
  if (std::llabs(now_unix - ts) > 300) {
    return fail("AuthFailure.SignatureExpire", "Signature expired, timestamp differs from server time by more than 5 minutes.");
  }
  if (parsed->date != adapters::format_utc_date(ts) || parsed->service != service) {
    return fail("AuthFailure.SignatureFailure", "The credential scope does not match the request.");
  }

  std::vector<std::string> names;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= parsed->signed_headers.size(); ++i) {
    if (i == parsed->signed_headers.size() || parsed->signed_headers[i] == ';') {
      names.push_back(lower_trim(std::string_view(parsed->signed_headers).substr(start, i - start)));
      start = i + 1;
    }
  }
  if (std::find(names.begin(), names.end(), "content-type") == names.end() ||
      std::find(names.begin(), names.end(), "host") == names.end()) {
    return fail("AuthFailure.SignatureFailure", "SignedHeaders must include content-type and host.");
  }
  std::string canonical_headers;
  for (const auto& name : names) {
    if (!req.has_header(name)) return fail("AuthFailure.SignatureFailure", "Signed header " + name + " is missing.");
    canonical_headers += name + ":" + lower_trim(req.header(name)) + "\n";
  }
  const std::string canonical = req.method + "\n/\n" + (req.method == "GET" ? req.query : std::string()) + "\n" +
                                canonical_headers + "\n" + parsed->signed_headers + "\n" + signing::sha256_hex(req.body);
  const std::string scope = parsed->date + "/" + parsed->service + "/tc3_request";
  const std::string to_sign =
      "TC3-HMAC-SHA256\n" + std::string(ts_text) + "\n" + scope + "\n" + signing::sha256_hex(canonical);
  const std::string k_date = signing::hmac_sha256("TC3" + cred->secret, parsed->date);
  const std::string k_service = signing::hmac_sha256(k_date, parsed->service);
  const std::string k_signing = signing::hmac_sha256(k_service, "tc3_request");
  const std::string expected = signing::hex_lower(signing::hmac_sha256(k_signing, to_sign));
  if (!signing::constant_time_equal(expected, parsed->signature)) {
    return fail("AuthFailure.SignatureFailure",
                "The provided credentials could not be validated. Please check your signature is correct.");
  }
  return std::nullopt;
}

}  // namespace qg::emulator
