#include "gateway/http/handlers/pools_handler.hpp"


#include "adapters/common/json_write.hpp"
#include "gateway/http/display.hpp"
#include "gateway/http/handlers/collect.hpp"
#include "gateway/http/problem.hpp"
#include "gateway/pools/pool_listing.hpp"
#include "gateway/pools/pool_query.hpp"
#include "gateway/pools/pool_render.hpp"
#include "gateway/quotas/compression.hpp"
#include "gateway/quotas/render.hpp"

namespace qg::http {
namespace {

namespace net = boost::asio;

struct Forecasting {
  pools::SeriesOf series_of;
  history::ForecastPolicy policy;
};

Forecasting forecasting(const history::HistoryService* history) {
  if (history == nullptr) return {[](const std::string&) { return std::vector<history::Sample>{}; }, {}};
  return {[history](const std::string& id) { return history->points(id); }, history->policy().forecast};
}

std::vector<quotas::SourceReport> reports_of(const std::vector<quotas::SourceData>& sources) {
  std::vector<quotas::SourceReport> reports;
  reports.reserve(sources.size());
  for (const auto& s : sources) reports.push_back(s.report);
  return reports;
}

// The answer with the listing headers: 304 when the client holds it, gzip when accepted and
// worth it.
Response answer(const Request& req, quotas::OutputFormat format, std::string body, std::string_view content,
                const std::vector<quotas::SourceData>& sources, std::int64_t now) {
  const bool gzip = quotas::accepts_gzip(req.header("Accept-Encoding")) && body.size() >= quotas::kGzipMinBytes;
  const std::string variant = (format == quotas::OutputFormat::kCsv ? "c" : "j") + std::string(req.query);
  const std::string etag = quotas::listing_etag(variant, content, sources, gzip);
  Response r;
  r.headers = quotas::listing_headers(format, now, "pools", sources, etag);
  r.log_summary = quotas::summary(sources);
  if (quotas::etag_matches(req.header("If-None-Match"), etag)) {
    r.status = 304;
    return r;
  }
  if (gzip) {
    if (auto compressed = quotas::gzip(body)) {
      body = std::move(*compressed);
      r.set_header("Content-Encoding", "gzip");
    }
  }
  r.body = make_body(std::move(body));
  return r;
}

// The query's problem, the client's deadline, or the sources; a Response when the request ends
// before there are pools to show.
struct Collected {
  quotas::SourceList sources;
  std::optional<Response> done;
};

net::awaitable<Collected> collect_for(const Request& req, quotas::QuotaService& service, quotas::SourceFilter selects,
                                      const PoolsHandlerOptions& options) {
  auto timeout = timeout_for(req, options.request_deadline);
  if (!timeout) {
    co_return Collected{nullptr, problem_response(ProblemKind::kInvalidParameters,
                                                  timeout.error().name + " must be seconds (e.g. 2.5)", {timeout.error()})};
  }
  auto listed = co_await collect(service, CollectOptions{std::move(selects), false, {}, *timeout, options.overdue});
  if (auto failed = all_failed_response(*listed, options.overdue)) co_return Collected{listed, std::move(*failed)};
  co_return Collected{listed, std::nullopt};
}

}  // namespace

Handler pools_handler(quotas::QuotaService& service, const history::HistoryService* history,
                      PoolsHandlerOptions options) {
  return [&service, history, options](const Request& req) -> net::awaitable<Response> {
    const auto now = service.clock().unix_now();
    const auto accounts = service.accounts();
    auto query = pools::parse_pool_query(req.query, now, accounts->names);
    if (!query) {
      co_return problem_response(ProblemKind::kInvalidParameters, "GET /pools has invalid parameters; see invalid_params",
                                 query.error());
    }
    auto format = quotas::negotiate(req.header("Accept"), query->format);
    if (!format || *format == quotas::OutputFormat::kNdjson) {
      co_return problem_response(ProblemKind::kNotAcceptable,
                                 "pools are available as application/json or text/csv (or ?format=json|csv)");
    }
    quotas::SourceFilter selects = [&query](std::string_view provider, std::string_view account) {
      return pools::selects_source(*query, provider, account);
    };
    auto collected = co_await collect_for(req, service, std::move(selects), options);
    if (collected.done) co_return std::move(*collected.done);
    const auto& sources = *collected.sources;

    const auto f = forecasting(history);
    const auto all = pools::pools_of(sources, now, query->horizon_seconds, f.series_of, f.policy);
    auto page = pools::select_pools(all, *query, options.page_token_key);
    if (!page) {
      co_return problem_response(ProblemKind::kInvalidParameters, "the page_token cannot be used", {page.error()});
    }
    std::string content = pools::render_pools_csv(*page);
    content += std::to_string(page->total_items) + page->next_page_token.value_or("");
    std::string body = *format == quotas::OutputFormat::kCsv ? pools::render_pools_csv(*page)
                                                             : pools::render_pools_json(*page, reports_of(sources));
    Response r = answer(req, *format, std::move(body), content, sources, now);
    r.set_header("X-Total-Count", std::to_string(page->total_items));
    if (page->next_page_token) r.set_header("Link", quotas::next_link(req.prefix + "/pools", req.query, *page->next_page_token));
    co_return r;
  };
}

Handler pool_handler(quotas::QuotaService& service, const history::HistoryService* history,
                     PoolsHandlerOptions options) {
  return [&service, history, options](const Request& req) -> net::awaitable<Response> {
    const auto now = service.clock().unix_now();
    auto horizon = pools::parse_pool_detail_query(req.query);
    if (!horizon) {
      co_return problem_response(ProblemKind::kInvalidParameters,
                                 "GET /pools/{id} has invalid parameters; see invalid_params", horizon.error());
    }
    auto format = quotas::negotiate(req.header("Accept"), std::nullopt);
    if (!format || *format != quotas::OutputFormat::kJson) {
      co_return problem_response(ProblemKind::kNotAcceptable, "a pool is available as application/json");
    }
    const std::string& id = req.path_param;
    // A pool id starts with its source's "{provider}:{account}:": only that source is needed.
    quotas::SourceFilter selects = [&id](std::string_view provider, std::string_view account) {
      const std::string prefix = std::string(provider) + ":" + std::string(account) + ":";
      return id.compare(0, prefix.size(), prefix) == 0;
    };
    auto collected = co_await collect_for(req, service, std::move(selects), options);
    if (collected.done) co_return std::move(*collected.done);
    const auto& sources = *collected.sources;
    if (sources.empty()) co_return problem_response(ProblemKind::kNotFound, "no pool has the id " + printable(id, 256));

    const auto f = forecasting(history);
    const auto all = pools::pools_of(sources, now, *horizon, f.series_of, f.policy);
    const auto it = std::find_if(all.begin(), all.end(), [&id](const pools::Pool& p) { return p.id == id; });
    if (it == all.end()) co_return problem_response(ProblemKind::kNotFound, "no pool has the id " + printable(id, 256));
    auto object = pools::pool_json(*it, true);
    const std::string content = adapters::json::serialize(object);
    boost::json::array list;
    for (const auto& s : sources) list.push_back(quotas::to_json(s.report));
    object["sources"] = std::move(list);
    co_return answer(req, quotas::OutputFormat::kJson, adapters::json::serialize(object), content, sources, now);
  };
}

}  // namespace qg::http
