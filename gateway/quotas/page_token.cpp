#include "gateway/quotas/page_token.hpp"

#include <charconv>
#include <cstring>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "adapters/common/signing/crypto.hpp"

namespace qg::quotas {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::size_t kMacBytes = 16;  // 128 bits: tamper evidence, not secrecy

std::string fingerprint_digest(std::string_view fingerprint) {
  return signing::hex_lower(signing::sha256(fingerprint)).substr(0, 16);
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3F]);
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const char* p = std::char_traits<char>::find(kAlphabet, 64, c);
    if (p == nullptr) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(p - kAlphabet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  if (bits >= 6) return std::nullopt;  // a dangling character cannot come from the encoder
  return out;
}

std::string encode_page_token(const Cursor& cursor, std::string_view fingerprint, std::string_view key) {
  boost::json::array values;
  for (const auto& v : cursor.values) {
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            values.push_back(nullptr);
          } else if constexpr (std::is_same_v<T, double>) {
            // Bit-exact: a decimal round trip through Boost 1.81's parser can be one ULP off,
            // and then the cursor's own item would reappear on the next page.
            std::uint64_t bits = 0;
            std::memcpy(&bits, &x, sizeof bits);
            values.push_back(boost::json::object{{"f", std::to_string(bits)}});
          } else {
            values.push_back(boost::json::value(x));
          }
        },
        v);
  }
  boost::json::object payload{{"v", 1}, {"f", fingerprint_digest(fingerprint)}, {"k", std::move(values)}, {"i", cursor.id}};
  const std::string body = boost::json::serialize(payload);
  const std::string mac = signing::hmac_sha256(key, body).substr(0, kMacBytes);
  return base64url_encode(body) + "." + base64url_encode(mac);
}

boost::system::result<Cursor, TokenError> decode_page_token(std::string_view token, std::string_view fingerprint,
                                                            std::string_view key, std::size_t expected_values) {
  const auto dot = token.find('.');
  if (dot == std::string_view::npos || token.size() > 4096) return TokenError::kMalformed;
  auto body = base64url_decode(token.substr(0, dot));
  auto mac = base64url_decode(token.substr(dot + 1));
  if (!body || !mac) return TokenError::kMalformed;
  if (!signing::constant_time_equal(*mac, signing::hmac_sha256(key, *body).substr(0, kMacBytes))) {
    return TokenError::kMalformed;
  }
  boost::system::error_code ec;
  auto parsed = boost::json::parse(*body, ec);
  if (ec || !parsed.is_object()) return TokenError::kMalformed;
  const auto& o = parsed.as_object();
  const auto* f = o.if_contains("f");
  const auto* k = o.if_contains("k");
  const auto* i = o.if_contains("i");
  if (!f || !f->is_string() || !k || !k->is_array() || !i || !i->is_string()) return TokenError::kMalformed;
  if (f->as_string() != fingerprint_digest(fingerprint)) return TokenError::kOtherQuery;
  if (k->as_array().size() != expected_values) return TokenError::kOtherQuery;
  Cursor c;
  c.id = std::string(i->as_string());
  for (const auto& v : k->as_array()) {
    if (v.is_null()) c.values.emplace_back(std::monostate{});
    else if (v.is_int64()) c.values.emplace_back(v.as_int64());
    else if (v.is_uint64()) c.values.emplace_back(static_cast<std::int64_t>(v.as_uint64()));
    else if (v.is_string()) c.values.emplace_back(std::string(v.as_string()));
    else if (v.is_object() && v.as_object().contains("f") && v.as_object().at("f").is_string()) {
      const auto& text = v.as_object().at("f").as_string();
      std::uint64_t bits = 0;
      auto [ptr, err] = std::from_chars(text.data(), text.data() + text.size(), bits);
      if (err != std::errc() || ptr != text.data() + text.size()) return TokenError::kMalformed;
      double d = 0;
      std::memcpy(&d, &bits, sizeof d);
      c.values.emplace_back(d);
    } else {
      return TokenError::kMalformed;
    }
  }
  return c;
}

}  // namespace qg::quotas
