#pragma once
// Calendar conversions for provider timestamps. All results are Unix seconds in UTC.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qg::adapters {

// Tencent Cloud and AIContent give Beijing time (UTC+8, no DST) without a zone.
inline constexpr int kBeijingUtcOffsetSeconds = 8 * 3600;

// "YYYY-MM-DD hh:mm:ss" in a zone `utc_offset_seconds` east of UTC → Unix seconds.
std::optional<std::int64_t> parse_local_datetime(std::string_view text, int utc_offset_seconds);

// RFC 3339 ("2024-07-16T10:46:08Z", "...+08:00", fractional seconds allowed; 'T'/'Z' case-insensitive).
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

// "2024-07-16T10:46:08Z"
std::string format_rfc3339_utc(std::int64_t unix_seconds);

// "YYYY-MM-DD hh:mm:ss" in the given zone (the inverse of parse_local_datetime).
std::string format_local_datetime(std::int64_t unix_seconds, int utc_offset_seconds);

// "2019-02-25": the UTC calendar date, as TC3's credential scope wants it.
std::string format_utc_date(std::int64_t unix_seconds);

// Days since 1970-01-01 for a proleptic Gregorian date, and back.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);

}  // namespace qg::adapters
