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

void append_decimal(std::string& out, double value) {
  if (!std::isfinite(value)) return;
  if (value == 0) value = 0;  // -0 → 0
  // The shortest digits that read back as the value (std::to_chars without a precision), written
  // out of their exponent: `9.9e-01` → 0.99, `1e+23` → 100000000000000000000000. (Fixed notation
  // straight from to_chars would print a large double's exact binary value instead, e.g.
  // 99999999999999991611392 for 1e23: correct, but not what anyone wrote.)
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  if (ec != std::errc()) return;
  const std::string_view text(buf, static_cast<std::size_t>(end - buf));  // -d.ddde±XX
  const std::size_t e = text.find('e');
  std::string digits;
  for (const char c : text.substr(0, e)) {
    if (is_digit(c)) digits.push_back(c);
  }
  int exponent = 0;
  const std::string_view exp_text = text.substr(e + (text[e + 1] == '+' ? 2 : 1));
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  if (value < 0) out.push_back('-');
  const int point = 1 + exponent;  // digits before the decimal point
  const int count = static_cast<int>(digits.size());
  if (point <= 0) {
    out.append("0.").append(static_cast<std::size_t>(-point), '0').append(digits);
  } else if (point >= count) {
    out.append(digits).append(static_cast<std::size_t>(point - count), '0');
  } else {
    out.append(digits, 0, static_cast<std::size_t>(point)).push_back('.');
    out.append(digits, static_cast<std::size_t>(point));
  }
}

std::string format_decimal(double value) {
  std::string out;
  append_decimal(out, value);
  return out;
}

}  // namespace qg::adapters
