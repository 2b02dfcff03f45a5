#include "gateway/cli/table.hpp"

#include <array>
#include <cstdio>
#include <limits>

#include "adapters/common/text.hpp"
#include "adapters/common/time.hpp"

namespace qg::cli {
namespace {

constexpr std::size_t kUnlimited = std::numeric_limits<std::size_t>::max();
constexpr std::string_view kEllipsis = "\u2026";

using Char = adapters::Utf8Char;
// An invalid byte is a character of its own (shown as '?').
Char next_char(std::string_view s, std::size_t at) { return adapters::utf8_at(s, at); }

// East Asian Wide and Fullwidth blocks (UAX #11), enough for the names clouds give.
bool wide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
         (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
}

// A record's text must not move the cursor, start an escape sequence or reorder the line.
bool control(char32_t c) { return adapters::unsafe_to_show(c); }

std::size_t width_of(const Char& c) { return c.valid && wide(c.code) ? 2 : 1; }

std::string grouped(std::int64_t v) {
  const bool negative = v < 0;
  // Through unsigned: -INT64_MIN does not fit in int64.
  const auto magnitude = negative ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  const std::string digits = std::to_string(magnitude);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

std::string bytes(std::int64_t v) {
  static constexpr std::array<const char*, 7> kUnits{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double x = v < 0 ? -static_cast<double>(v) : static_cast<double>(v);
  std::size_t unit = 0;
  while (x >= 1024 && unit + 1 < kUnits.size()) {
    x /= 1024;
    ++unit;
  }
  char out[48];
  if (unit == 0) std::snprintf(out, sizeof out, "%s%.0f B", v < 0 ? "-" : "", x);
  else std::snprintf(out, sizeof out, "%s%.1f %s", v < 0 ? "-" : "", x, kUnits[unit]);
  return out;
}

std::string date(std::optional<std::int64_t> unix_seconds) {
  return unix_seconds ? adapters::format_utc_date(*unix_seconds) : "-";
}

std::string percent(std::optional<double> utilization) {
  if (!utilization) return "-";
  char out[32];
  std::snprintf(out, sizeof out, "%.1f%%", *utilization * 100);
  return out;
}

std::string_view status_colour(adapters::QuotaStatus s) {
  switch (s) {
    case adapters::QuotaStatus::kActive: return "\x1b[32m";
    case adapters::QuotaStatus::kExhausted:
    case adapters::QuotaStatus::kExpired: return "\x1b[31m";
    case adapters::QuotaStatus::kFrozen:
    case adapters::QuotaStatus::kPending:
    case adapters::QuotaStatus::kRefunded: return "\x1b[33m";
    case adapters::QuotaStatus::kUnknown: break;
  }
  return {};
}

enum Column : std::size_t {
  kId, kName, kProvider, kAccount, kKind, kStatus, kAmount, kUtil, kExpires, kExhausts, kColumns
};

using Row = std::array<std::string, kColumns>;

const Row kHeader{"ID", "NAME", "PROVIDER", "ACCOUNT", "KIND", "STATUS", "REMAINING / TOTAL", "UTIL",
                      "EXPIRES", "EXHAUSTS"};

bool right_aligned(std::size_t column) { return column == kAmount || column == kUtil; }

Row row_of(const adapters::QuotaRecord& r, const TableOptions& options) {
  return Row{clip(r.id, kUnlimited),
             clip(r.name, options.name_width),
             clip(r.provider, kUnlimited),
             clip(r.account, kUnlimited),
             clip(r.kind, kUnlimited),
             std::string(adapters::to_string(r.status)),
             clip(remaining_of_total(r), kUnlimited),
             percent(r.utilization),
             date(r.expires_at),
             date(r.projected_exhaustion_at)};
}

void append_row(std::string& out, const Row& row, const std::array<std::size_t, kColumns>& widths,
                std::string_view colour) {
  for (std::size_t c = 0; c < kColumns; ++c) {
    const std::string pad(widths[c] - display_width(row[c]), ' ');
    const bool painted = c == kStatus && !colour.empty();
    if (right_aligned(c)) out += pad;
    out += painted ? std::string(colour) + row[c] + "\x1b[0m" : row[c];
    if (c + 1 == kColumns) break;  // no trailing blanks
    if (!right_aligned(c)) out += pad;
    out += "  ";
  }
  out += '\n';
}

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t at = 0; at < text.size();) {
    const Char c = next_char(text, at);
    width += width_of(c);
    at += c.bytes;
  }
  return width;
}

std::string clip(std::string_view text, std::size_t width) {
  std::string safe;
  safe.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const Char c = next_char(text, at);
    if (!c.valid || control(c.code)) safe += '?';
    else safe.append(text.substr(at, c.bytes));
    at += c.bytes;
  }
  if (display_width(safe) <= width) return safe;
  if (width == 0) return {};
  std::string out;
  std::size_t used = 0;
  for (std::size_t at = 0; at < safe.size();) {
    const Char c = next_char(safe, at);
    if (used + width_of(c) > width - 1) break;  // one column stays for the ellipsis
    out.append(safe, at, c.bytes);
    used += width_of(c);
    at += c.bytes;
  }
  return out.append(kEllipsis);
}

std::string amount(std::optional<std::int64_t> value, std::string_view unit) {
  if (!value) return "-";
  return unit == "bytes" ? bytes(*value) : grouped(*value);
}

std::string remaining_of_total(const adapters::QuotaRecord& r) {
  if (!r.remaining && !r.total) return "-";
  std::string out = amount(r.remaining, r.unit) + " / " + amount(r.total, r.unit);
  if (r.unit != "bytes" && !r.unit.empty()) out += " " + r.unit;
  return out;
}

std::string render_table(const std::vector<quotas::RecordRef>& rows, const TableOptions& options) {
  std::vector<Row> cells;
  cells.reserve(rows.size());
  std::array<std::size_t, kColumns> widths{};
  for (std::size_t c = 0; c < kColumns; ++c) widths[c] = display_width(kHeader[c]);
  for (const auto& ref : rows) {
    cells.push_back(row_of(*ref.record, options));
    for (std::size_t c = 0; c < kColumns; ++c)
      widths[c] = std::max(widths[c], display_width(cells.back()[c]));
  }
  std::string out;
  append_row(out, kHeader, widths, {});
  for (std::size_t i = 0; i < cells.size(); ++i) {
    append_row(out, cells[i], widths,
               options.colour ? status_colour(rows[i].record->status) : std::string_view{});
  }
  out += std::to_string(rows.size()) + (rows.size() == 1 ? " record\n" : " records\n");
  return out;
}

}  // namespace qg::cli
