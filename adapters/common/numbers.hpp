#pragma once
// Numbers as people write them in query strings, headers and configuration files, parsed
// strictly: what strtod also accepts (hex floats, "inf", leading spaces, values that underflow to
// zero) is refused, so a value means what it looks like. And numbers as the gateway prints them:
// one formatter for every JSON, NDJSON and CSV number. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qg::adapters {

// [-]digits[.digits][(e|E)[+-]digits]; finite and representable (no overflow, no underflow).
std::optional<double> parse_decimal(std::string_view text);
// [-]digits, within int64.
std::optional<std::int64_t> parse_integer(std::string_view text);

// The shortest decimal that reads back as the same double, never in exponent form: 0.99, 1, 0,
// 1234.5, 0.000125, -3 (as people write them; `-?digits[.digits]`, and parse_decimal inverts it).
// Negative zero prints as 0. Non-finite values have no decimal form: nothing is appended, and
// callers print what stands for "no value" in their format (null, an empty cell).
void append_decimal(std::string& out, double value);
std::string format_decimal(double value);

}  // namespace qg::adapters
