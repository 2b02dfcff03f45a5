#pragma once
// What a GET /quotas answer is, given the sources a request collected: the page it shows, the
// body (JSON or CSV, gzip when accepted), its validator, and the caching and completeness
// headers. The handler only parses, collects and sends what comes back.
//
// A JSON body comes in three parts — the items (with `"sources":[`), the sources, the end (total
// and page token) — so that the large part, which depends on the records only, is rendered once
// per content and reused, while the sources (whose ages move every second) are rendered apart.
// The ETag is weak and covers what a client sees change: the records' content and each source's
// status; it stays the same across refreshes that changed nothing, while `age_seconds` moves.

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/system/result.hpp>

#include "gateway/quotas/answer_cache.hpp"
#include "gateway/quotas/export_budget.hpp"
#include "gateway/quotas/query.hpp"
#include "gateway/quotas/source_data.hpp"

namespace qg::quotas {

struct Answer {
  unsigned status = 200;
  HeaderList headers;
  std::array<Bytes, 3> body;  // sent in order; null parts are skipped
  // An export instead of `body`: appends the next piece, false when done (see export.hpp).
  std::function<bool(std::string&)> stream;
  std::chrono::milliseconds stream_deadline{0};  // the whole stream's; 0: none (export_budget.hpp)
  std::string log_summary;    // for the access log; never sent
};

struct AnswerRequest {
  const QuotaQuery& query;
  OutputFormat format = OutputFormat::kJson;
  bool gzip = false;
  std::string_view raw_query;      // part of the variant the answer is cached under
  std::string_view if_none_match;
  std::int64_t now_unix = 0;
  std::string_view token_key;      // HMAC key of page tokens
  std::string_view self_path = "/quotas";  // the path as the client addressed it (Link targets)
  ExportBudget* exports = nullptr;         // caps streamed exports; null: none
};

// The rendered answers of one handler: pages, sources, encoded bodies, and whole answers (headers
// and body) keyed by everything they show, so a repeated request costs a lookup and a copy of
// its headers while nothing it shows changed.
struct AnswerCaches {
  explicit AnswerCaches(std::size_t max_bytes)
      : pages(max_bytes), sources(max_bytes / 16), encoded(max_bytes), answers(max_bytes) {}
  AnswerCache pages;
  AnswerCache sources;
  AnswerCache encoded;
  VariantCache<RenderedAnswer> answers;
};

// Every selected source failed: there is nothing to answer with.
bool all_failed(const std::vector<SourceData>& sources);
// The 502 problem (with the sources) for that case.
Answer all_failed_answer(const std::vector<SourceData>& sources);

// The answer for sources of which at least one can serve: a page, or (CSV and NDJSON without
// page_size) every matching record streamed — or a 503 when the export caps refuse one. An
// unusable page_token is the error.
boost::system::result<Answer, InvalidParam> make_answer(const AnswerRequest& request,
                                                        const std::vector<SourceData>& sources, AnswerCaches& caches);

// The headers of any listing answered from these sources (GET /quotas, GET /pools):
// Content-Type (CSV as an attachment named "{file_stem}-{time}.csv"), ETag, Cache-Control (the
// least fresh source decides; nothing is reusable while a source is stale or failed), Age,
// Vary, X-Quota-Complete and X-Quota-Sources-Failed.
HeaderList listing_headers(OutputFormat format, std::int64_t now_unix, std::string_view file_stem,
                           const std::vector<SourceData>& sources, const std::string& etag);
// A weak validator over what a listing shows: its variant (format and query), its content, and
// each source's status, not its age.
std::string listing_etag(std::string_view variant, std::string_view content, const std::vector<SourceData>& sources,
                         bool gzip);

// `Link: <path?query&page_token=…>; rel="next"`: the request's own query with the page token
// replaced, so following it walks the same listing.
std::string next_link(std::string_view self_path, std::string_view raw_query, std::string_view token);

// "sources=3 ok=2 stale=1 error=0 upstream_calls=4": the access log's upstream summary.
std::string summary(const std::vector<SourceData>& sources);

// What a page answer shows besides its variant, packed for comparison: the instants relative
// times resolved to, and per source its account, content digest, state, error, ages, counts
// and freshness. Equal states give byte-identical answers (headers included); cheap enough to
// build on every request.
std::string answer_state(const AnswerRequest& request, const std::vector<SourceData>& sources);

}  // namespace qg::quotas
