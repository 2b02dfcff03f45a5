#pragma once
// Numbers as people write them in query strings, headers and configuration files, parsed
// strictly: what strtod also accepts (hex floats, "inf", leading spaces, values that underflow to
// zero) is refused, so a value means what it looks like. Pure.

#include <cstdint>
#include <optional>
#include <string_view>

namespace qg::adapters {

// [-]digits[.digits][(e|E)[+-]digits]; finite and representable (no overflow, no underflow).
std::optional<double> parse_decimal(std::string_view text);
// [-]digits, within int64.
std::optional<std::int64_t> parse_integer(std::string_view text);

}  // namespace qg::adapters
