#include "gateway/http/handlers/quotas_handler.hpp"

#include <algorithm>
#include <cmath>

#include <boost/asio/experimental/awaitable_operators.hpp>

#include "adapters/common/numbers.hpp"
#include "gateway/http/handlers/collect.hpp"
#include "gateway/http/problem.hpp"
#include "gateway/quotas/answer.hpp"
#include "gateway/quotas/compression.hpp"
#include "gateway/quotas/render.hpp"

namespace qg::http {
namespace {

namespace net = boost::asio;

// Enough for a few hundred distinct warm queries; a restart of the cache costs renders only.
constexpr std::size_t kAnswerCacheBytes = 16 * 1024 * 1024;

// A request that would call a cloud spends the client's refresh budget; past it the request is
// answered as if it had not asked (from the cache), and says so.
struct RefreshAdmission {
  std::optional<client_limits::Verdict> verdict;
  bool skipped = false;
};

RefreshAdmission admit_refresh(const Request& req, quotas::QuotaService& service, quotas::QuotaQuery& query,
                               const QuotasHandlerOptions& options) {
  RefreshAdmission out;
  if (options.limiter == nullptr || !options.limiter->limits_refreshes()) return out;
  const quotas::SourceFilter selects = [&query](std::string_view provider, std::string_view account) {
    return quotas::selects_source(query, provider, account);
  };
  if (!service.would_fetch(selects, query.refresh, query.max_age)) return out;
  out.verdict = options.limiter->take(client_limits::Which::kRefresh, req.client_id, service.clock().steady_now());
  if (!out.verdict->decision.allowed) {
    out.skipped = true;
    query.refresh = false;
    query.max_age.reset();
    if (options.on_limited) options.on_limited("refresh");
  }
  return out;
}

// `sources`: an account whose refresh budget had no room was answered from the cache too.
void mark_refresh(Response& r, const RefreshAdmission& admission, const std::vector<quotas::SourceData>& sources,
                  const QuotasHandlerOptions& options) {
  const bool account_skipped =
      std::any_of(sources.begin(), sources.end(), [](const quotas::SourceData& s) { return s.refresh_skipped; });
  if (account_skipped && options.on_limited) options.on_limited("account_refresh");
  if (admission.skipped || account_skipped) r.set_header("X-Quota-Refresh-Skipped", "rate-limited");
  if (!admission.verdict) return;
  r.set_header("RateLimit-Policy", admission.verdict->policy);
  r.set_header("RateLimit", admission.verdict->state);
}

}  // namespace

Handler quotas_handler(quotas::QuotaService& service, QuotasHandlerOptions options) {
  auto caches = std::make_shared<quotas::AnswerCaches>(kAnswerCacheBytes);

  return [&service, options, caches](const Request& req) -> net::awaitable<Response> {
    const auto accounts = service.accounts();  // the names `account=` may use, as of now
    quotas::QueryContext context{service.clock().unix_now(), accounts->names};
    auto query = quotas::parse_quota_query(req.query, context);
    if (!query) {
      co_return problem_response(ProblemKind::kInvalidParameters,
                                 "GET /quotas has invalid parameters; see invalid_params", query.error());
    }
    auto format = quotas::negotiate(req.header("Accept"), query->format);
    if (!format) co_return problem_response(ProblemKind::kNotAcceptable, format.error());
    auto timeout = timeout_for(req, options.request_deadline);
    if (!timeout) {
      co_return problem_response(ProblemKind::kInvalidParameters, timeout.error().name + " must be seconds (e.g. 2.5)",
                                 {timeout.error()});
    }

    const RefreshAdmission admission = admit_refresh(req, service, *query, options);
    quotas::SourceFilter selects = [&query](std::string_view provider, std::string_view account) {
      return quotas::selects_source(*query, provider, account);
    };
    const auto listed = co_await collect(
        service, CollectOptions{std::move(selects), query->refresh, query->max_age, *timeout, options.overdue});
    const auto& sources = *listed;
    if (auto failed = all_failed_response(sources, options.overdue)) {
      if (failed->status != 503) mark_refresh(*failed, admission, sources, options);
      co_return std::move(*failed);
    }
    const std::string self_path = req.prefix + "/quotas";
    quotas::AnswerRequest request{*query,           *format,
                                  quotas::accepts_gzip(req.header("Accept-Encoding")),
                                  req.query,        req.header("If-None-Match"),
                                  context.now_unix, options.page_token_key,
                                  self_path,        options.exports};
    auto answer = quotas::make_answer(request, sources, *caches);
    if (!answer) {
      co_return problem_response(ProblemKind::kInvalidParameters, "the page_token cannot be used", {answer.error()});
    }
    Response r = to_response(std::move(*answer));
    mark_refresh(r, admission, sources, options);
    co_return r;
  };
}

}  // namespace qg::http
