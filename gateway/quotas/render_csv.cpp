#include "gateway/quotas/render.hpp"

#include <charconv>

#include <boost/json/serialize.hpp>

#include "adapters/common/time.hpp"

namespace qg::quotas {
namespace {

bool numeric_field(std::string_view f) {
  return f == "total" || f == "used" || f == "remaining" || f == "utilization" || f == "burn_rate_per_day";
}

std::string opt_int(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : std::string(); }

std::string opt_time(const std::optional<std::int64_t>& v) {
  return v ? adapters::format_rfc3339_utc(*v) : std::string();
}

std::string field_text(const adapters::QuotaRecord& r, std::string_view f) {
  if (f == "id") return r.id;
  if (f == "provider") return r.provider;
  if (f == "account") return r.account;
  if (f == "kind") return r.kind;
  if (f == "name") return r.name;
  if (f == "status") return std::string(adapters::to_string(r.status));
  if (f == "native_status") return r.native_status;
  if (f == "unit") return r.unit;
  if (f == "total") return opt_int(r.total);
  if (f == "used") return opt_int(r.used);
  if (f == "remaining") return opt_int(r.remaining);
  if (f == "utilization") return r.utilization ? csv_number(*r.utilization) : std::string();
  if (f == "starts_at") return opt_time(r.starts_at);
  if (f == "expires_at") return opt_time(r.expires_at);
  if (f == "auto_renew") return r.auto_renew ? (*r.auto_renew ? "true" : "false") : "";
  if (f == "burn_rate_per_day") return r.burn_rate_per_day ? csv_number(*r.burn_rate_per_day) : std::string();
  if (f == "projected_exhaustion_at") return opt_time(r.projected_exhaustion_at);
  return {};
}

// details and raw: text in the set for a compacted record, objects in a record that stands alone.
std::string object_text(const RecordRef& item, std::string_view f) {
  if (item.set != nullptr) return std::string(f == "raw" ? item.set->raw[item.row] : item.set->details(item.row));
  return boost::json::serialize(f == "raw" ? item.record->raw : item.record->details);
}

}  // namespace

std::string csv_number(double d) {
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  return ec == std::errc() ? std::string(buf, ptr) : std::string();
}

std::vector<std::string_view> csv_columns(const QuotaQuery& q) {
  std::vector<std::string_view> out;
  if (q.fields.empty()) {
    // Every scalar field; `details` is a nested object a spreadsheet cannot use.
    for (auto f : record_fields()) {
      if (f != "details") out.push_back(f);
    }
  } else {
    out.push_back("id");
    for (const auto& f : q.fields) {
      if (f != "id") out.push_back(f);
    }
  }
  if (q.include_raw) out.push_back("raw");
  return out;
}

std::string csv_cell(std::string_view text, bool numeric) {
  std::string cell;
  // A cell a spreadsheet would evaluate as a formula is prefixed with an apostrophe (OWASP
  // "CSV injection"); numbers are left alone so "-5" stays a number.
  if (!numeric && !text.empty() &&
      (text.front() == '=' || text.front() == '+' || text.front() == '-' || text.front() == '@' ||
       text.front() == '\t' || text.front() == '\r')) {
    cell.push_back('\'');
  }
  cell.append(text);
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (const char c : cell) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

std::string csv_header(const QuotaQuery& q, const std::vector<std::string_view>& cols) {
  // The byte order mark lets a spreadsheet that guesses the encoding read UTF-8 names right.
  std::string out = q.csv_bom ? "\xEF\xBB\xBF" : "";
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (i) out += ',';
    out += cols[i];
  }
  out += "\r\n";
  return out;
}

void append_csv_row(std::string& out, const RecordRef& item, const std::vector<std::string_view>& cols) {
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (i) out += ',';
    const bool object = cols[i] == "details" || cols[i] == "raw";
    out += csv_cell(object ? object_text(item, cols[i]) : field_text(*item.record, cols[i]), numeric_field(cols[i]));
  }
  out += "\r\n";
}

std::string render_csv(const Page& page, const QuotaQuery& q) {
  const auto cols = csv_columns(q);
  std::string out = csv_header(q, cols);
  out.reserve(256 + page.items.size() * 256);
  for (const auto& item : page.items) append_csv_row(out, item, cols);
  return out;
}

}  // namespace qg::quotas
