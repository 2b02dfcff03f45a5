#include "adapters/common/numbers.hpp"

#include <charconv>
#include <cmath>

namespace qg::adapters {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Advances over one or more digits; false when there is none.
bool digits(std::string_view s, std::size_t& i) {
  const std::size_t start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  return i > start;
}

bool decimal_grammar(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  if (!digits(s, i)) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits(s, i)) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits(s, i)) return false;
  }
  return i == s.size();
}

}  // namespace

std::optional<double> parse_decimal(std::string_view text) {
  if (text.empty() || text.size() > 64 || !decimal_grammar(text)) return std::nullopt;
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  // A non-zero mantissa that came out as zero (or denormal) underflowed: "1e-400" is not 0.
  if (value == 0 || std::fpclassify(value) == FP_SUBNORMAL) {
    for (const char c : text) {
      if (c == 'e' || c == 'E') break;
      if (c >= '1' && c <= '9') return std::nullopt;
    }
  }
  return value;
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  std::size_t i = text.front() == '-' ? 1 : 0;
  if (i == text.size()) return std::nullopt;
  for (; i < text.size(); ++i) {
    if (!is_digit(text[i])) return std::nullopt;
  }
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace qg::adapters
