#include "gateway/quotas/answer.hpp"

#include <algorithm>
#include <cctype>

#include <boost/json/serialize.hpp>

#include "adapters/common/signing/crypto.hpp"
#include "adapters/common/time.hpp"
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

std::vector<RecordRef> candidates_of(const std::vector<SourceData>& sources) {
  std::vector<RecordRef> candidates;
  std::size_t total = 0;
  for (const auto& s : sources) total += s.records ? s.records->records.size() : 0;
  candidates.reserve(total);
  for (const auto& s : sources) {
    if (!s.records) continue;
    for (std::size_t i = 0; i < s.records->records.size(); ++i) {
      candidates.push_back({&s.records->records[i], &s.records->json[i]});
    }
  }
  return candidates;
}

PageResult render_page(const AnswerRequest& req, const std::vector<SourceData>& sources) {
  auto page = select_page(candidates_of(sources), req.query, req.token_key);
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
  HeaderList h;
  h.reserve(10);
  if (req.format == OutputFormat::kCsv) {
    h.emplace_back("Content-Type", "text/csv; charset=utf-8");
    std::string stamp;
    for (const char c : adapters::format_rfc3339_utc(req.now_unix)) {
      if (c != '-' && c != ':') stamp.push_back(c);
    }
    h.emplace_back("Content-Disposition", "attachment; filename=\"quotas-" + stamp + ".csv\"");
  } else if (req.format == OutputFormat::kNdjson) {
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
std::function<bool(std::string&)> export_stream(std::shared_ptr<ExportWriter> writer, bool gzip) {
  if (!gzip) return [writer](std::string& out) { return writer->next(out); };
  auto zip = std::make_shared<GzipStream>();
  return [writer, zip, plain = std::string()](std::string& out) mutable {
    plain.clear();
    const bool more = writer->next(plain);
    out = zip->write(plain, !more);
    return more;
  };
}

Answer export_answer(const AnswerRequest& req, const std::vector<SourceData>& sources, const std::string& variant,
                     const std::string& content) {
  std::vector<cache::RecordSetPtr> sets;
  for (const auto& s : sources) {
    if (s.records) sets.push_back(s.records);
  }
  auto rows = select_all(candidates_of(sources), req.query);
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
  if (req.gzip) a.headers.emplace_back("Content-Encoding", "gzip");
  auto writer = std::make_shared<ExportWriter>(std::move(sets), std::move(rows), req.query, req.format);
  a.stream = export_stream(std::move(writer), req.gzip);
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
  a.body[0] = bytes(boost::json::serialize(body));
  a.log_summary = summary(sources);
  return a;
}

boost::system::result<Answer, InvalidParam> make_answer(const AnswerRequest& req, const std::vector<SourceData>& sources,
                                                        AnswerCaches& caches) {
  std::string variant;
  variant.reserve(req.raw_query.size() + 2);
  variant += format_letter(req.format);
  variant.append(req.raw_query);
  std::string content = content_key(req.query, sources);
  if (req.query.exports_all(req.format)) return export_answer(req, sources, variant, content);
  auto page = caches.pages.find(variant, content);
  if (!page) {
    auto made = render_page(req, sources);
    if (!made) return made.error();
    page = *made;
    caches.pages.insert(variant, content, page);
  }

  Answer a;
  a.log_summary = summary(sources);
  const bool gzip = req.gzip && page->bytes() >= kGzipMinBytes;
  const std::string etag = weak_etag(variant, content, status_key(sources), gzip);
  a.headers = answer_headers(req, sources, etag);
  a.headers.emplace_back("X-Total-Count", std::to_string(page->total_items));
  if (page->next_page_token) a.headers.emplace_back("Link", next_link(req.self_path, req.raw_query, *page->next_page_token));
  if (etag_matches(req.if_none_match, etag)) {
    a.status = 304;
    return a;
  }
  if (req.format != OutputFormat::kJson) a.body = {page->head, nullptr, nullptr};
  else a.body = {page->head, sources_part(sources, caches.sources), page->tail};
  if (gzip) {
    const std::string state = content + (req.format != OutputFormat::kJson ? std::string() : sources_key(sources));
    if (auto body = encoded("z" + variant, state, a.body, caches.encoded)) {
      a.body = {body, nullptr, nullptr};
      a.headers.emplace_back("Content-Encoding", "gzip");
    }
  }
  return a;
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
