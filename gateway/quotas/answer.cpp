#include "gateway/quotas/answer.hpp"

#include <algorithm>
#include <cctype>

#include "adapters/common/json_write.hpp"
#include "adapters/common/signing/crypto.hpp"
#include "adapters/common/time.hpp"
#include "gateway/body/sealed.hpp"
#include "gateway/problem/problem.hpp"
#include "gateway/quotas/compression.hpp"
#include "gateway/quotas/export.hpp"
#include "gateway/quotas/merge.hpp"
#include "gateway/quotas/render.hpp"

namespace qg::quotas {
namespace {

Bytes bytes(std::string text) { return std::make_shared<const std::string>(std::move(text)); }

std::string failed_sources(const std::vector<SourceData>& sources) {
  std::string out;
  for (const auto& s : sources) {
    if (s.report.state == SourceState::kOk) continue;
    if (!out.empty()) out += ", ";
    out += s.report.account;
  }
  return out;
}

bool complete(const std::vector<SourceData>& sources) {
  return std::all_of(sources.begin(), sources.end(),
                     [](const SourceData& s) { return s.report.state == SourceState::kOk; });
}

// Freshness left for the whole answer: the least fresh source decides, and an answer with a
// stale or failed source is not reusable at all.
std::int64_t max_age_seconds(const std::vector<SourceData>& sources) {
  std::int64_t max_age = -1;
  for (const auto& s : sources) {
    if (s.report.state != SourceState::kOk) return 0;
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(s.fresh_for).count();
    max_age = max_age < 0 ? secs : std::min(max_age, secs);
  }
  return std::max<std::int64_t>(max_age, 0);
}

std::int64_t age_seconds(const std::vector<SourceData>& sources) {
  std::int64_t age = 0;
  for (const auto& s : sources) age = std::max(age, s.report.age_seconds.value_or(0));
  return age;
}

// What the page (items, total, page token) depends on besides the query: each source's records
// by content, and the instants relative times in the query resolved to.
std::string content_key(const QuotaQuery& q, const std::vector<SourceData>& sources) {
  std::string key = std::to_string(q.expires_before.value_or(0)) + ":" + std::to_string(q.expires_after.value_or(0)) +
                    ":" + std::to_string(q.exhausts_before.value_or(0)) + "|";
  for (const auto& s : sources) {
    key += s.report.account;
    key += s.records ? ":" + std::to_string(s.records->digest) + "|" : ":-|";
  }
  return key;
}

void put(std::string& out, std::int64_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }

void put(std::string& out, std::string_view text) {
  put(out, static_cast<std::int64_t>(text.size()));
  out.append(text);
}

void put_error(std::string& out, const problem::SourceError& e) {
  put(out, static_cast<std::int64_t>(e.local));
  put(out, static_cast<std::int64_t>(e.upstream.kind));
  put(out, e.upstream.code);
  put(out, e.upstream.message);
  put(out, e.upstream.request_id);
  put(out, static_cast<std::int64_t>(e.upstream.http_status));
}

// What the sources part depends on: everything it shows, ages included.
std::string sources_key(const std::vector<SourceData>& sources) {
  std::string key;
  for (const auto& s : sources) {
    const auto& r = s.report;
    key += r.account + ':' + std::to_string(static_cast<int>(r.state)) + ':' + std::to_string(r.items) + ':' +
           std::to_string(r.fetched_at.value_or(-1)) + ':' + std::to_string(r.age_seconds.value_or(-1)) + ':' +
           std::to_string(r.upstream_calls);
    if (r.error) key += ':' + std::string(problem::kind_name(*r.error)) + ':' + r.error->upstream.code + ':' + r.error->upstream.message;
    key += '|';
  }
  return key;
}

// The statuses a client sees change, without the ages that move every second.
std::string status_key(const std::vector<SourceData>& sources) {
  std::string key;
  for (const auto& s : sources) {
    key += s.report.account + ':' + std::to_string(static_cast<int>(s.report.state));
    if (s.report.error) key += ':' + std::string(problem::kind_name(*s.report.error)) + ':' + s.report.error->upstream.code;
    key += '|';
  }
  return key;
}

std::string weak_etag(std::string_view variant, std::string_view content, std::string_view status, bool gzip) {
  const std::string digest = signing::hex_lower(signing::sha256(std::string(variant) + "\n" + std::string(content) +
                                                                "\n" + std::string(status)));
  return "W/\"" + digest.substr(0, 32) + (gzip ? "-gzip\"" : "\"");
}

using PageResult = boost::system::result<std::shared_ptr<const Rendered>, InvalidParam>;

std::vector<cache::RecordSetPtr> sets_of(const std::vector<SourceData>& sources) {
  std::vector<cache::RecordSetPtr> sets;
  sets.reserve(sources.size());
  for (const auto& s : sources) {
    if (s.records) sets.push_back(s.records);
  }
  return sets;
}

PageResult render_page(const AnswerRequest& req, const std::vector<SourceData>& sources) {
  auto page = select_indexed_page(sets_of(sources), req.query, req.token_key);
  if (!page) return page.error();
  auto out = std::make_shared<Rendered>();
  out->total_items = page->total_items;
  out->next_page_token = page->next_page_token;
  if (req.format == OutputFormat::kCsv) {
    out->head = bytes(render_csv(*page, req.query));
  } else if (req.format == OutputFormat::kNdjson) {
    out->head = bytes(render_ndjson(*page, req.query));
  } else {
    out->head = bytes(render_json_items(*page, req.query));
    out->tail = bytes(render_json_end(*page));
  }
  return std::shared_ptr<const Rendered>(std::move(out));
}

Bytes sources_part(const std::vector<SourceData>& sources, AnswerCache& cache) {
  std::string key = sources_key(sources);
  if (auto hit = cache.find("sources", key)) return hit->head;
  std::vector<SourceReport> reports;
  reports.reserve(sources.size());
  for (const auto& s : sources) reports.push_back(s.report);
  auto part = std::make_shared<Rendered>();
  part->head = bytes(render_json_sources(reports));
  cache.insert("sources", std::move(key), part);
  return part->head;
}

HeaderList answer_headers(const AnswerRequest& req, const std::vector<SourceData>& sources, const std::string& etag) {
  return listing_headers(req.format, req.now_unix, "quotas", sources, etag);
}

// The body as one gzip member, reused while nothing in it changes.
Bytes encoded(const std::string& variant, const std::string& state, const std::array<Bytes, 3>& parts,
              AnswerCache& cache) {
  if (auto hit = cache.find(variant, state)) return hit->head;
  std::string plain;
  for (const auto& p : parts) {
    if (p) plain += *p;
  }
  auto compressed = gzip(plain);
  if (!compressed) return nullptr;
  auto out = std::make_shared<Rendered>();
  out->head = bytes(std::move(*compressed));
  cache.insert(variant, state, out);
  return out->head;
}

char format_letter(OutputFormat f) {
  switch (f) {
    case OutputFormat::kCsv: return 'c';
    case OutputFormat::kNdjson: return 'n';
    case OutputFormat::kJson: break;
  }
  return 'j';
}

// The piece source of a streamed export, gzip-compressed on the way when the client accepts it.
// The ticket (if any) goes with it: the export's share of the caps is given back when the
// stream is dropped, after its last piece or when the connection ends it.
std::function<bool(std::string&)> export_stream(std::shared_ptr<ExportWriter> writer, bool gzip,
                                                std::shared_ptr<ExportBudget::Ticket> ticket) {
  auto zip = gzip ? std::make_shared<GzipStream>() : nullptr;
  return [writer, zip, ticket, plain = std::string()](std::string& out) mutable {
    bool more = false;
    if (zip) {
      plain.clear();
      more = writer->next(plain);
      out = zip->write(plain, !more);
    } else {
      more = writer->next(out);
    }
    if (!more && ticket) ticket->finished();
    return more;
  };
}

// Past the export caps: try again later (an export in progress ends within the deadline).
Answer exports_busy_answer(const ExportStats& stats) {
  Answer a;
  a.status = problem::info(problem::Kind::kExportsBusy).status;
  a.headers = {{"Content-Type", "application/problem+json"}, {"Retry-After", "5"}, {"Cache-Control", "no-store"}};
  a.body[0] = bytes(adapters::json::serialize(problem::object(
      problem::Kind::kExportsBusy, std::to_string(stats.active) + " exports are in progress, holding " +
                                       std::to_string(stats.pinned_bytes >> 20) +
                                       " MiB; retry later, or ask for pages (page_size)")));
  return a;
}

Answer export_answer(const AnswerRequest& req, const std::vector<SourceData>& sources, const std::string& variant,
                     const std::string& content) {
  std::vector<cache::RecordSetPtr> sets = sets_of(sources);
  auto rows = select_indexed_all(sets, req.query);
  const std::size_t count = rows.size();
  const std::string etag = weak_etag(variant, content, status_key(sources), req.gzip);
  Answer a;
  a.log_summary = summary(sources) + " export_rows=" + std::to_string(count);
  a.headers = answer_headers(req, sources, etag);
  a.headers.emplace_back("X-Total-Count", std::to_string(count));
  if (etag_matches(req.if_none_match, etag)) {
    a.status = 304;
    return a;
  }
  std::shared_ptr<ExportBudget::Ticket> ticket;
  if (req.exports != nullptr) {
    // What this export holds besides the sets: its rows, its piece (and its gzip state).
    const std::size_t own = rows.size() * sizeof(RecordRef) + kExportPieceBytes * (req.gzip ? 4 : 1);
    ticket = req.exports->admit(sets, own);
    if (!ticket) {
      Answer busy = exports_busy_answer(req.exports->stats());
      busy.log_summary = a.log_summary + " export_refused=1";
      return busy;
    }
    a.stream_deadline = req.exports->policy().deadline;
  }
  if (req.gzip) a.headers.emplace_back("Content-Encoding", "gzip");
  auto writer = std::make_shared<ExportWriter>(std::move(sets), std::move(rows), req.query, req.format);
  a.stream = export_stream(std::move(writer), req.gzip, std::move(ticket));
  return a;
}

// URI characters that may stand in a Link target as they are; anything else is escaped.
bool uri_safe(unsigned char c) {
  return std::isalnum(c) || std::string_view("-._~!$&'()*+,;=:@/?%").find(static_cast<char>(c)) != std::string_view::npos;
}

void append_escaped(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (uri_safe(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
}

}  // namespace

std::string next_link(std::string_view self_path, std::string_view raw_query, std::string_view token) {
  std::string target = "<";
  append_escaped(target, self_path);
  target += '?';
  std::size_t pos = 0;
  while (pos <= raw_query.size()) {
    const auto amp = raw_query.find('&', pos);
    const auto pair = raw_query.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    pos = amp == std::string_view::npos ? raw_query.size() + 1 : amp + 1;
    const auto name = percent_decode(pair.substr(0, pair.find('=')));
    if (pair.empty() || (name && *name == "page_token")) continue;
    append_escaped(target, pair);
    target += '&';
  }
  target += "page_token=";
  append_escaped(target, token);
  target += ">; rel=\"next\"";
  return target;
}

bool all_failed(const std::vector<SourceData>& sources) {
  return !sources.empty() && std::all_of(sources.begin(), sources.end(), [](const SourceData& s) {
    return s.report.state == SourceState::kError;
  });
}

Answer all_failed_answer(const std::vector<SourceData>& sources) {
  auto body = problem::object(problem::Kind::kAllSourcesFailed,
                              "no source could be served: " + failed_sources(sources) + " (see sources)");
  boost::json::array list;
  for (const auto& s : sources) list.push_back(to_json(s.report));
  body["sources"] = std::move(list);
  Answer a;
  a.status = problem::info(problem::Kind::kAllSourcesFailed).status;
  a.headers = {{"Content-Type", "application/problem+json"},
               {"X-Quota-Complete", "false"},
               {"X-Quota-Sources-Failed", failed_sources(sources)},
               {"Cache-Control", "no-store"}};
  a.body[0] = bytes(adapters::json::serialize(body));
  a.log_summary = summary(sources);
  return a;
}

HeaderList listing_headers(OutputFormat format, std::int64_t now_unix, std::string_view file_stem,
                           const std::vector<SourceData>& sources, const std::string& etag) {
  HeaderList h;
  h.reserve(10);
  if (format == OutputFormat::kCsv) {
    h.emplace_back("Content-Type", "text/csv; charset=utf-8");
    std::string stamp;
    for (const char c : adapters::format_rfc3339_utc(now_unix)) {
      if (c != '-' && c != ':') stamp.push_back(c);
    }
    h.emplace_back("Content-Disposition", "attachment; filename=\"" + std::string(file_stem) + "-" + stamp + ".csv\"");
  } else if (format == OutputFormat::kNdjson) {
    h.emplace_back("Content-Type", "application/x-ndjson");
  } else {
    h.emplace_back("Content-Type", "application/json");
  }
  h.emplace_back("ETag", etag);
  h.emplace_back("Cache-Control", "private, max-age=" + std::to_string(max_age_seconds(sources)));
  h.emplace_back("Age", std::to_string(age_seconds(sources)));
  h.emplace_back("Vary", "Accept, Accept-Encoding");
  const bool whole = complete(sources);
  h.emplace_back("X-Quota-Complete", whole ? "true" : "false");
  if (!whole) h.emplace_back("X-Quota-Sources-Failed", failed_sources(sources));
  return h;
}

std::string listing_etag(std::string_view variant, std::string_view content, const std::vector<SourceData>& sources,
                         bool gzip) {
  return weak_etag(variant, content, status_key(sources), gzip);
}

namespace {

Answer from_rendered(const RenderedAnswer& r, const AnswerRequest& req) {
  Answer a;
  a.headers = r.headers;
  a.log_summary = r.log_summary;
  if (etag_matches(req.if_none_match, r.etag)) {
    a.status = 304;
    return a;
  }
  a.headers.insert(a.headers.end(), r.body_headers.begin(), r.body_headers.end());
  for (std::size_t i = 0; i < r.body.size() && i < a.body.size(); ++i) a.body[i] = r.body[i];
  return a;
}

// The body in one piece for a variant asked for again (sealed, so the session can send it from
// its file); a first request keeps the parts, which cost no copy.
std::vector<Bytes> body_to_keep(const std::array<Bytes, 3>& parts, bool asked_before) {
  std::size_t size = 0, pieces = 0;
  for (const auto& p : parts) {
    size += p ? p->size() : 0;
    pieces += p ? 1 : 0;
  }
  if (!asked_before || size < body::kSealMinBytes) return {parts.begin(), parts.end()};
  if (pieces == 1 && body::sealed_fd(parts[0]) >= 0) return {parts[0]};
  std::string whole;
  whole.reserve(size);
  for (const auto& p : parts) {
    if (p) whole += *p;
  }
  return {body::seal(std::move(whole))};
}

}  // namespace

std::string answer_state(const AnswerRequest& req, const std::vector<SourceData>& sources) {
  std::string out;
  out.reserve(32 + sources.size() * 80);
  const auto& q = req.query;
  put(out, q.expires_before.value_or(INT64_MIN));
  put(out, q.expires_after.value_or(INT64_MIN));
  put(out, q.exhausts_before.value_or(INT64_MIN));
  if (req.format == OutputFormat::kCsv) put(out, req.now_unix);  // the file name's time stamp
  for (const auto& s : sources) {
    const auto& r = s.report;
    put(out, r.account);
    put(out, s.records ? static_cast<std::int64_t>(s.records->digest) : 0);
    out.push_back(s.records ? 'r' : '-');
    out.push_back(static_cast<char>('0' + static_cast<int>(r.state)));
    put(out, r.fetched_at.value_or(-1));
    put(out, r.age_seconds.value_or(-1));
    put(out, static_cast<std::int64_t>(r.items));
    put(out, static_cast<std::int64_t>(r.upstream_calls));
    put(out, std::chrono::duration_cast<std::chrono::seconds>(s.fresh_for).count());
    if (r.error) put_error(out, *r.error);
  }
  return out;
}

boost::system::result<Answer, InvalidParam> make_answer(const AnswerRequest& req, const std::vector<SourceData>& sources,
                                                        AnswerCaches& caches) {
  if (req.query.exports_all(req.format)) {
    std::string variant = format_letter(req.format) + std::string(req.raw_query);
    return export_answer(req, sources, variant, content_key(req.query, sources));
  }
  // The whole answer: its headers (Link holds the path) and encoding depend on more than the query.
  std::string answer_key;
  answer_key.reserve(req.self_path.size() + req.raw_query.size() + 4);
  answer_key += format_letter(req.format);
  answer_key += req.gzip ? 'z' : 'i';
  answer_key.append(req.self_path).append("?").append(req.raw_query);
  std::string state = answer_state(req, sources);
  if (auto hit = caches.answers.find(answer_key, state)) return from_rendered(*hit, req);
  const bool asked_before = caches.answers.contains(answer_key);

  std::string variant;
  variant.reserve(req.raw_query.size() + 2);
  variant += format_letter(req.format);
  variant.append(req.raw_query);
  std::string content = content_key(req.query, sources);
  auto page = caches.pages.find(variant, content);
  if (!page) {
    auto made = render_page(req, sources);
    if (!made) return made.error();
    page = *made;
    caches.pages.insert(variant, content, page);
  }

  auto kept = std::make_shared<RenderedAnswer>();
  kept->log_summary = summary(sources);
  kept->total_items = page->total_items;
  const bool gzip = req.gzip && page->bytes() >= kGzipMinBytes;
  kept->etag = weak_etag(variant, content, status_key(sources), gzip);
  kept->headers = answer_headers(req, sources, kept->etag);
  kept->headers.emplace_back("X-Total-Count", std::to_string(page->total_items));
  if (page->next_page_token) {
    kept->headers.emplace_back("Link", next_link(req.self_path, req.raw_query, *page->next_page_token));
  }
  std::array<Bytes, 3> parts{page->head, nullptr, nullptr};
  if (req.format == OutputFormat::kJson) parts = {page->head, sources_part(sources, caches.sources), page->tail};
  if (gzip) {
    const std::string encoded_state = content + (req.format != OutputFormat::kJson ? std::string() : sources_key(sources));
    if (auto body = encoded("z" + variant, encoded_state, parts, caches.encoded)) {
      parts = {body, nullptr, nullptr};
      kept->body_headers.emplace_back("Content-Encoding", "gzip");
    }
  }
  kept->body = body_to_keep(parts, asked_before);
  caches.answers.insert(std::move(answer_key), std::move(state), kept);
  return from_rendered(*kept, req);
}

std::string summary(const std::vector<SourceData>& sources) {
  std::size_t ok = 0, stale = 0, error = 0, calls = 0;
  for (const auto& s : sources) {
    calls += s.report.upstream_calls;
    switch (s.report.state) {
      case SourceState::kOk: ++ok; break;
      case SourceState::kStale: ++stale; break;
      case SourceState::kError: ++error; break;
    }
  }
  return "sources=" + std::to_string(sources.size()) + " ok=" + std::to_string(ok) + " stale=" +
         std::to_string(stale) + " error=" + std::to_string(error) + " upstream_calls=" + std::to_string(calls);
}

}  // namespace qg::quotas
