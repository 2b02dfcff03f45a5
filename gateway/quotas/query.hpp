#pragma once
// GET /quotas parameters (design.md §3): parsed and validated in one place, strictly. Every
// problem is reported with the parameter's name so the server can answer a 400 that says what
// to fix. Pure: "now" comes in through the context.

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>

#include "adapters/common/quota_record.hpp"
#include "gateway/problem/problem.hpp"
#include "gateway/quotas/params.hpp"

namespace qg::quotas {

using problem::InvalidParam;

// kNdjson: one record per line (application/x-ndjson), for pipelines.
enum class OutputFormat { kJson, kCsv, kNdjson };

// The fields a record has, in schema order (what `fields` and `sort` may name).
const std::vector<std::string_view>& record_fields();
const std::vector<std::string_view>& sortable_fields();

struct QuotaQuery {
  std::vector<std::string> providers, accounts, kinds;
  std::vector<adapters::QuotaStatus> statuses;
  std::optional<std::int64_t> expires_before;  // Unix seconds, exclusive
  std::optional<std::int64_t> expires_after;   // Unix seconds, exclusive
  std::optional<std::int64_t> exhausts_before; // Unix seconds, exclusive: projected_exhaustion_at before it
  std::optional<std::int64_t> min_remaining;
  std::optional<double> max_utilization;
  std::string q;                               // lower-cased substring of id or name
  std::vector<SortKey> sort{{"expires_at", false}};  // id is always the last tie-breaker
  std::size_t page_size = 100;
  bool page_size_given = false;  // without it a CSV or NDJSON answer is every record (an export)
  std::string page_token;
  std::vector<std::string> fields;             // empty: every field; `id` is always included
  bool include_raw = false;
  std::optional<OutputFormat> format;
  bool csv_bom = false;  // a UTF-8 byte order mark first, for spreadsheets that guess the encoding
  bool refresh = false;
  // Serve only data fetched within this many seconds; older sets are fetched first.
  std::optional<std::chrono::seconds> max_age;
  // What a page token is bound to: every parameter that decides which records come in which
  // order (relative times as written, so a token stays valid while "now" moves on).
  std::string fingerprint;

  // No filter, default order, first page, default size, all fields, no raw: the response every
  // dashboard asks for, worth serving from a pre-rendered buffer.
  bool is_default() const;
  // Every matching record in one answer rather than a page: CSV and NDJSON without page_size or
  // page_token (an export, streamed); JSON stays paged.
  bool exports_all(OutputFormat negotiated) const {
    return negotiated != OutputFormat::kJson && !page_size_given && page_token.empty();
  }
};

struct QueryContext {
  std::int64_t now_unix = 0;
  std::span<const std::string> accounts;  // configured account names; an unknown `account` is a 400
};

boost::system::result<QuotaQuery, std::vector<InvalidParam>> parse_quota_query(std::string_view raw_query,
                                                                                const QueryContext& context);

// Whether the query can match any record of this account (lets the service skip fetching it).
bool selects_source(const QuotaQuery& query, std::string_view provider, std::string_view account);

// RFC 3339, or relative to now: "30d", "-7d", "12h", "90m", "3600s", "2w", "now".
std::optional<std::int64_t> parse_time_param(std::string_view text, std::int64_t now_unix);

}  // namespace qg::quotas
