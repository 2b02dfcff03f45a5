#include "gateway/http/display.hpp"

#include <array>

#include "adapters/common/http_types.hpp"

namespace qg::http {
namespace {

constexpr std::array<std::string_view, 14> kCredentialParams{
    "api_key", "apikey", "api-key", "key", "token", "access_token", "auth", "authorization",
    "secret", "password", "passwd", "signature", "x-api-key", "session_token"};

bool credential_like(std::string_view name) {
  for (const auto candidate : kCredentialParams) {
    if (adapters::iequals(name, candidate)) return true;
  }
  return false;
}

}  // namespace

std::string printable(std::string_view text, std::size_t max) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(std::min(text.size(), max));
  const std::size_t room = max > 3 ? max - 3 : 0;  // "..." marks a cut
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = c > 0x20 && c < 0x7F;
    if (out.size() + (plain ? 1 : 3) > room && text.size() * 3 > max) {
      out += "...";
      break;
    }
    if (plain) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

std::string loggable_target(std::string_view target) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return printable(target);
  std::string out(target.substr(0, q + 1));
  std::string_view query = target.substr(q + 1);
  bool first = true;
  while (true) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    if (!first) out.push_back('&');
    first = false;
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && credential_like(pair.substr(0, eq))) {
      out.append(pair.substr(0, eq + 1)).append("***");
    } else {
      out.append(pair);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return printable(out);
}

std::string_view method_label(std::string_view method) {
  static constexpr std::array<std::string_view, 7> kKnown{"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
  for (const auto known : kKnown) {
    if (method == known) return known;
  }
  return "other";
}

}  // namespace qg::http
