#include "gateway/quotas/export.hpp"

#include "gateway/quotas/render.hpp"

namespace qg::quotas {

ExportWriter::ExportWriter(std::vector<cache::RecordSetPtr> sets, std::vector<RecordRef> rows, QuotaQuery query,
                           OutputFormat format)
    : sets_(std::move(sets)), rows_(std::move(rows)), query_(std::move(query)), format_(format) {
  if (format_ == OutputFormat::kCsv) columns_ = csv_columns(query_);
}

bool ExportWriter::next(std::string& out, std::size_t budget) {
  const std::size_t start = out.size();
  if (!started_) {
    started_ = true;
    if (format_ == OutputFormat::kCsv) out += csv_header(query_, columns_);
  }
  while (position_ < rows_.size() && out.size() - start < budget) {
    const RecordRef& row = rows_[position_++];
    if (format_ == OutputFormat::kCsv) {
      append_csv_row(out, row, columns_);
    } else {
      out += render_record_json(row, query_);
      out += '\n';
    }
  }
  return out.size() > start;
}

}  // namespace qg::quotas
