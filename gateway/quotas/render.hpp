#pragma once
// The /quotas body as JSON or CSV, its ETag, and content negotiation. Pure.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>

#include "gateway/quotas/merge.hpp"
#include "gateway/quotas/query.hpp"
#include "gateway/quotas/source_report.hpp"

namespace qg::quotas {

// {"items":[...],"sources":[...],"total_items":N,"next_page_token":"..."|null} (design.md §2).
std::string render_json(const Page& page, std::span<const SourceReport> sources, const QuotaQuery& query);
// The same body in three parts, so that the per-request part (the sources, with their ages) is
// rendered apart from what depends on the records only:
//   render_json_items:   {"items":[...],"sources":[
//   render_json_sources: {...},{...}
//   render_json_end:     ],"total_items":N,"next_page_token":...}
std::string render_json_items(const Page& page, const QuotaQuery& query);
std::string render_json_sources(std::span<const SourceReport> sources);
std::string render_json_end(const Page& page);
// One record as the query asks for it (fields, include=raw).
std::string render_record_json(const RecordRef& item, const QuotaQuery& query);
// The items only, RFC 4180: header row, CRLF, quoting, spreadsheet-formula neutralisation.
std::string render_csv(const Page& page, const QuotaQuery& query);
// CSV piece by piece, for exports rendered a few rows at a time: the columns the query asks for,
// the header row (after the BOM when `csv_bom`), and one record's row.
std::vector<std::string_view> csv_columns(const QuotaQuery& query);
std::string csv_header(const QuotaQuery& query, const std::vector<std::string_view>& columns);
void append_csv_row(std::string& out, const RecordRef& item, const std::vector<std::string_view>& columns);
// NDJSON: each record as render_record_json gives it, one per line.
std::string render_ndjson(const Page& page, const QuotaQuery& query);
// A number as a CSV cell shows it: fixed notation, never an exponent a spreadsheet misreads.
std::string csv_number(double d);
// One CSV cell (exposed for tests). `numeric` cells are never neutralised: "-5" is a number.
std::string csv_cell(std::string_view text, bool numeric);

// Strong ETag over the exact body bytes: "\"<32 hex>\"".
std::string strong_etag(std::string_view body);
// If-None-Match semantics (RFC 9110 §13.1.2): weak comparison, lists, "*".
bool etag_matches(std::string_view if_none_match, std::string_view etag);

// The format to answer in: the `format` parameter wins; otherwise the best match of Accept
// (q-values honoured) among application/json and text/csv. An error text means 406.
boost::system::result<OutputFormat, std::string> negotiate(std::string_view accept, std::optional<OutputFormat> param);

}  // namespace qg::quotas
