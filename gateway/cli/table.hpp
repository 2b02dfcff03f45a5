#pragma once
// `export --format table`: the records as aligned columns for a person at a terminal, in the
// order given (the query's sort). Pure.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/quotas/merge.hpp"

namespace qg::cli {

struct TableOptions {
  std::size_t name_width = 40;  // longer names are clipped with "…"
  bool colour = false;          // ANSI colours on the status (only for a terminal)
};

// A header row, one row per record, and a "N records" line.
std::string render_table(const std::vector<quotas::RecordRef>& rows, const TableOptions& options);

// Columns a terminal shows for `text` (UTF-8): East Asian wide characters count two.
std::size_t display_width(std::string_view text);
// `text` cut to at most `width` columns, ending in "…" when cut; control characters (which
// could drive the terminal) become '?'.
std::string clip(std::string_view text, std::size_t width);
// "1.5 GiB" for bytes, "12,500" otherwise; "-" when unknown.
std::string amount(std::optional<std::int64_t> value, std::string_view unit);
// "750 / 1,000 minutes", "1.5 GiB / 2.0 GiB", "- / 10 licenses".
std::string remaining_of_total(const adapters::QuotaRecord& record);

}  // namespace qg::cli
