#include "gateway/http/handlers/quotas_handler.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/json/serialize.hpp>

#include "adapters/common/numbers.hpp"
#include "adapters/common/time.hpp"
#include "gateway/http/compression.hpp"
#include "gateway/http/handlers/render_cache.hpp"
#include "gateway/http/problem.hpp"
#include "gateway/quotas/merge.hpp"
#include "gateway/quotas/query.hpp"
#include "gateway/quotas/render.hpp"

namespace qg::http {
namespace {

namespace net = boost::asio;
using namespace net::experimental::awaitable_operators;
using quotas::SourceState;

// Enough for a few hundred distinct warm queries; a restart of the cache costs renders only.
constexpr std::size_t kRenderCacheBytes = 16 * 1024 * 1024;

std::vector<InvalidParam> to_http(const std::vector<quotas::InvalidParam>& params) {
  std::vector<InvalidParam> out;
  out.reserve(params.size());
  for (const auto& p : params) out.push_back({p.name, p.reason});
  return out;
}

std::string summary(const std::vector<quotas::SourceData>& sources) {
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

std::string failed_sources(const std::vector<quotas::SourceData>& sources) {
  std::string out;
  for (const auto& s : sources) {
    if (s.report.state == SourceState::kOk) continue;
    if (!out.empty()) out += ", ";
    out += s.report.account;
  }
  return out;
}

// Freshness left for the whole answer: the least fresh source decides, and an answer with a
// stale or failed source is not reusable at all.
std::int64_t max_age_seconds(const std::vector<quotas::SourceData>& sources) {
  std::int64_t max_age = -1;
  for (const auto& s : sources) {
    if (s.report.state != SourceState::kOk) return 0;
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(s.fresh_for).count();
    max_age = max_age < 0 ? secs : std::min(max_age, secs);
  }
  return std::max<std::int64_t>(max_age, 0);
}

std::int64_t age_seconds(const std::vector<quotas::SourceData>& sources) {
  std::int64_t age = 0;
  for (const auto& s : sources) age = std::max(age, s.report.age_seconds.value_or(0));
  return age;
}

Response all_failed(const std::vector<quotas::SourceData>& sources) {
  auto problem = problem_object(ProblemKind::kAllSourcesFailed,
                                "no source could be served: " + failed_sources(sources) + " (see sources)");
  boost::json::array list;
  for (const auto& s : sources) list.push_back(quotas::to_json(s.report));
  problem["sources"] = std::move(list);
  Response r = problem_response(502, std::move(problem));
  r.set_header("X-Quota-Complete", "false");
  r.set_header("X-Quota-Sources-Failed", failed_sources(sources));
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_request_timeout(std::string_view value) {
  const auto seconds = adapters::parse_decimal(value);
  if (!seconds || *seconds <= 0 || *seconds > 86400) return std::nullopt;
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(*seconds * 1000)));
}

namespace {

// Everything a rendered answer depends on besides the query and the representation.
std::string source_state(const std::vector<quotas::SourceData>& sources) {
  std::string key;
  for (const auto& s : sources) {
    key += s.report.account;
    key += ':';
    key += std::to_string(static_cast<int>(s.report.state));
    key += ':';
    key += std::to_string(s.records ? s.records->generation : 0);
    key += ':';
    key += std::to_string(s.report.age_seconds.value_or(-1));
    key += ':';
    key += std::to_string(s.report.upstream_calls);
    if (s.report.error) key += ':' + s.report.error->code + ':' + s.report.error->message;
    key += '|';
  }
  return key;
}

using Rendered = boost::system::result<std::shared_ptr<const RenderedQuotas>, quotas::InvalidParam>;

Rendered render(const quotas::QuotaQuery& query, quotas::OutputFormat format, bool gzip_ok,
                const std::vector<quotas::SourceData>& sources, std::int64_t now_unix, std::string_view token_key) {
  std::vector<quotas::RecordRef> candidates;
  std::size_t total = 0;
  for (const auto& s : sources) total += s.records ? s.records->records.size() : 0;
  candidates.reserve(total);
  for (const auto& s : sources) {
    if (!s.records) continue;
    for (std::size_t i = 0; i < s.records->records.size(); ++i) {
      candidates.push_back({&s.records->records[i], &s.records->json[i]});
    }
  }
  auto page = quotas::select_page(std::move(candidates), query, token_key);
  if (!page) return page.error();
  auto out = std::make_shared<RenderedQuotas>();
  std::string body;
  if (format == quotas::OutputFormat::kCsv) {
    body = quotas::render_csv(*page, query);
    out->content_type = "text/csv; charset=utf-8";
    std::string stamp;
    for (const char c : adapters::format_rfc3339_utc(now_unix)) {
      if (c != '-' && c != ':') stamp.push_back(c);
    }
    out->disposition = "attachment; filename=\"quotas-" + stamp + ".csv\"";
  } else {
    std::vector<quotas::SourceReport> reports;
    reports.reserve(sources.size());
    for (const auto& s : sources) reports.push_back(s.report);
    body = quotas::render_json(*page, reports, query);
    out->content_type = "application/json";
  }
  out->etag = quotas::strong_etag(body);
  // Large bodies go compressed to clients that accept it; the gzip representation has its own ETag.
  if (gzip_ok && body.size() >= kGzipMinBytes) {
    if (auto compressed = gzip(body)) {
      body = std::move(*compressed);
      out->etag = gzip_etag(out->etag);
      out->content_encoding = "gzip";
    }
  }
  out->body = make_body(std::move(body));
  return std::shared_ptr<const RenderedQuotas>(std::move(out));
}

}  // namespace

Handler quotas_handler(quotas::QuotaService& service, QuotasHandlerOptions options) {
  quotas::QueryContext base_context;
  for (const auto& a : service.accounts()) base_context.accounts.push_back(a.upstream.account);
  auto renders = std::make_shared<RenderCache>(kRenderCacheBytes);

  return [&service, options, base_context, renders](const Request& req) -> net::awaitable<Response> {
    auto& clock = service.clock();
    quotas::QueryContext context = base_context;
    context.now_unix = clock.unix_now();
    auto parsed = quotas::parse_quota_query(req.query, context);
    if (!parsed) {
      co_return problem_response(ProblemKind::kInvalidParameters,
                                 "GET /quotas has invalid parameters; see invalid_params", to_http(parsed.error()));
    }
    const quotas::QuotaQuery& query = *parsed;
    auto format = quotas::negotiate(req.header("Accept"), query.format);
    if (!format) co_return problem_response(ProblemKind::kNotAcceptable, format.error());

    auto timeout = options.request_deadline;
    for (const char* name : {"Request-Timeout", "X-Request-Timeout"}) {
      const auto value = req.header(name);
      if (value.empty()) continue;
      auto asked = parse_request_timeout(value);
      if (!asked) {
        co_return problem_response(ProblemKind::kInvalidParameters, std::string(name) + " must be seconds (e.g. 2.5)",
                                   {{name, "'" + std::string(value) + "' is not a positive number of seconds"}});
      }
      timeout = std::min(timeout, *asked);
    }

    auto selects = [&query](std::string_view provider, std::string_view account) {
      return quotas::selects_source(query, provider, account);
    };
    // Warm path: every selected source fresh in the cache, answered without suspending.
    std::vector<quotas::SourceData> sources;
    std::optional<std::vector<quotas::SourceData>> fresh;
    if (!query.refresh) fresh = service.collect_fresh(selects);
    if (fresh) {
      sources = std::move(*fresh);
    } else {
      quotas::CollectRequest collect;
      collect.selects = selects;
      collect.refresh = query.refresh;
      collect.deadline = clock.steady_now() + timeout;
      bool overdue = false;
      if (options.overdue != nullptr) {
        // Past the drain grace nobody waits for a cloud any more: answer with what is cached.
        auto raced = co_await (service.collect(std::move(collect)) || options.overdue->wait());
        if (raced.index() == 0) sources = std::move(std::get<0>(raced));
        else overdue = true;
      } else {
        sources = co_await service.collect(std::move(collect));
      }
      if (overdue) {
        sources = service.collect_cached(
            selects, adapters::make_error(adapters::ErrorKind::kTimeout, "the gateway is shutting down"));
      }
    }

    const bool all_failed_now =
        !sources.empty() && std::all_of(sources.begin(), sources.end(), [](const quotas::SourceData& s) {
          return s.report.state == SourceState::kError;
        });
    if (all_failed_now && options.overdue != nullptr && options.overdue->is_set()) {
      Response r = problem_response(ProblemKind::kShuttingDown, "the gateway is shutting down; nothing is cached to answer with");
      r.set_header("Retry-After", "1");
      co_return r;
    }
    if (all_failed_now) {
      Response r = all_failed(sources);
      r.log_summary = summary(sources);
      co_return r;
    }

    const bool gzip_ok = accepts_gzip(req.header("Accept-Encoding"));
    std::string variant;
    variant.reserve(req.query.size() + 2);
    variant += *format == quotas::OutputFormat::kCsv ? 'c' : 'j';
    variant += gzip_ok ? 'z' : '-';
    variant.append(req.query);
    std::string state = source_state(sources);
    auto rendered = renders->find(variant, state);
    if (!rendered) {
      auto made = render(query, *format, gzip_ok, sources, context.now_unix, options.page_token_key);
      if (!made) {
        co_return problem_response(ProblemKind::kInvalidParameters, "the page_token cannot be used",
                                   {{made.error().name, made.error().reason}});
      }
      rendered = *made;
      renders->insert(std::move(variant), std::move(state), rendered);
    }

    const bool complete = std::all_of(sources.begin(), sources.end(),
                                      [](const quotas::SourceData& s) { return s.report.state == SourceState::kOk; });
    Response r;
    r.headers.reserve(10);
    r.headers.emplace_back("Content-Type", rendered->content_type);
    if (!rendered->disposition.empty()) r.headers.emplace_back("Content-Disposition", rendered->disposition);
    if (!rendered->content_encoding.empty()) r.headers.emplace_back("Content-Encoding", rendered->content_encoding);
    r.headers.emplace_back("ETag", rendered->etag);
    r.headers.emplace_back("Cache-Control", "private, max-age=" + std::to_string(max_age_seconds(sources)));
    r.headers.emplace_back("Age", std::to_string(age_seconds(sources)));
    r.headers.emplace_back("Vary", "Accept, Accept-Encoding");
    r.headers.emplace_back("X-Quota-Complete", complete ? "true" : "false");
    if (!complete) r.headers.emplace_back("X-Quota-Sources-Failed", failed_sources(sources));
    r.log_summary = summary(sources);
    if (quotas::etag_matches(req.header("If-None-Match"), rendered->etag)) {
      r.status = 304;
      co_return r;
    }
    r.body = rendered->body;  // shared: no copy of the bytes
    co_return r;
  };
}

}  // namespace qg::http
