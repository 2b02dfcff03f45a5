#pragma once
// "250ms", "60s", "5m", "1h", "1d" (a bare integer means seconds). Pure.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace qg::config {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);
std::string format_duration(std::chrono::milliseconds d);

}  // namespace qg::config
