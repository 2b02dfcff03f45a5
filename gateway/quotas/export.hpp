#pragma once
// An export: every matching record as CSV or NDJSON, rendered a few rows at a time, so an answer
// holds one piece of text (and a reference per row) however large the accounts are. Pure.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/cache/record_set.hpp"
#include "gateway/quotas/merge.hpp"
#include "gateway/quotas/query.hpp"

namespace qg::quotas {

// A piece big enough that per-write costs vanish, small enough to stay in cache.
inline constexpr std::size_t kExportPieceBytes = 64 * 1024;

class ExportWriter {
 public:
  // `rows` point into `sets`, which the writer keeps alive. `format` is CSV or NDJSON (JSON is
  // always paged).
  ExportWriter(std::vector<cache::RecordSetPtr> sets, std::vector<RecordRef> rows, QuotaQuery query,
               OutputFormat format);

  // Appends the next piece (the CSV header first, then whole rows, about `budget` bytes) to
  // `out`; false once everything was given.
  bool next(std::string& out, std::size_t budget = kExportPieceBytes);

  std::size_t rows() const { return rows_.size(); }

 private:
  std::vector<cache::RecordSetPtr> sets_;
  std::vector<RecordRef> rows_;
  QuotaQuery query_;
  OutputFormat format_;
  std::vector<std::string_view> columns_;
  std::size_t position_ = 0;
  bool started_ = false;
};

}  // namespace qg::quotas
