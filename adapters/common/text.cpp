#include "adapters/common/text.hpp"

#include <algorithm>

namespace qg::adapters {
namespace {

bool ows(char c) { return c == ' ' || c == '\t'; }
bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

template <class Pred>
std::string_view trim_if(std::string_view s, Pred drop) {
  while (!s.empty() && drop(s.front())) s.remove_prefix(1);
  while (!s.empty() && drop(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view trim_ows(std::string_view text) { return trim_if(text, ows); }

std::string_view trim_space(std::string_view text) { return trim_if(text, space); }

Utf8Char utf8_at(std::string_view s, std::size_t at) {
  const auto b = static_cast<unsigned char>(s[at]);
  const std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || at + n > s.size()) return {b, 1, false};
  char32_t c = n == 1 ? b : b & (0xFFu >> (n + 1));
  for (std::size_t i = 1; i < n; ++i) {
    const auto cb = static_cast<unsigned char>(s[at + i]);
    if ((cb & 0xC0) != 0x80) return {b, 1, false};
    c = (c << 6) | (cb & 0x3F);
  }
  return {c, n, true};
}

bool unsafe_to_show(char32_t c) {
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x061C || (c >= 0x200B && c <= 0x200F) ||
         (c >= 0x2028 && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

std::string displayable_text(std::string_view text, std::size_t max_bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 32);
  std::size_t at = 0;
  for (; at < text.size();) {
    const Utf8Char c = utf8_at(text, at);
    std::string piece;
    if (!c.valid) {
      piece = {'\\', 'x', kHex[c.code >> 4], kHex[c.code & 0xF]};
    } else if (unsafe_to_show(c.code)) {
      piece = "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) piece += kHex[(c.code >> shift) & 0xF];
    } else {
      piece = std::string(text.substr(at, c.bytes));
    }
    if (out.size() + piece.size() > max_bytes) break;
    out += piece;
    at += c.bytes;
  }
  if (at < text.size()) out += " [\u2026 " + std::to_string(text.size() - at) + " bytes cut]";
  return out;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace qg::adapters
