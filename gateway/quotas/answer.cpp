#include "gateway/quotas/answer.hpp"

#include <algorithm>

#include <boost/json/serialize.hpp>

#include "adapters/common/signing/crypto.hpp"
#include "adapters/common/time.hpp"
#include "gateway/problem/problem.hpp"
#include "gateway/quotas/compression.hpp"
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

PageResult render_page(const AnswerRequest& req, const std::vector<SourceData>& sources) {
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
  auto page = select_page(std::move(candidates), req.query, req.token_key);
  if (!page) return page.error();
  auto out = std::make_shared<Rendered>();
  out->total_items = page->total_items;
  out->next_page_token = page->next_page_token;
  if (req.format == OutputFormat::kCsv) {
    out->head = bytes(render_csv(*page, req.query));
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

}  // namespace

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
  variant += req.format == OutputFormat::kCsv ? 'c' : 'j';
  variant.append(req.raw_query);
  std::string content = content_key(req.query, sources);
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
  if (etag_matches(req.if_none_match, etag)) {
    a.status = 304;
    return a;
  }
  if (req.format == OutputFormat::kCsv) a.body = {page->head, nullptr, nullptr};
  else a.body = {page->head, sources_part(sources, caches.sources), page->tail};
  if (gzip) {
    const std::string state = content + (req.format == OutputFormat::kCsv ? std::string() : sources_key(sources));
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
