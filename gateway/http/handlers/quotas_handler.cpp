#include "gateway/http/handlers/quotas_handler.hpp"

#include <algorithm>
#include <cmath>

#include <boost/asio/experimental/awaitable_operators.hpp>

#include "adapters/common/numbers.hpp"
#include "gateway/http/problem.hpp"
#include "gateway/quotas/answer.hpp"
#include "gateway/quotas/compression.hpp"
#include "gateway/quotas/render.hpp"

namespace qg::http {
namespace {

namespace net = boost::asio;
using namespace net::experimental::awaitable_operators;

// Enough for a few hundred distinct warm queries; a restart of the cache costs renders only.
constexpr std::size_t kAnswerCacheBytes = 16 * 1024 * 1024;

// The smaller of the configured deadline and what the client asks for; an unreadable header is
// the error (its name and value).
boost::system::result<std::chrono::milliseconds, InvalidParam> timeout_for(const Request& req,
                                                                          std::chrono::milliseconds configured) {
  auto timeout = configured;
  for (const char* name : {"Request-Timeout", "X-Request-Timeout"}) {
    const auto value = req.header(name);
    if (value.empty()) continue;
    auto asked = parse_request_timeout(value);
    if (!asked) return InvalidParam{name, "'" + std::string(value) + "' is not a positive number of seconds"};
    timeout = std::min(timeout, *asked);
  }
  return timeout;
}

net::awaitable<quotas::SourceList> collect(quotas::QuotaService& service, const quotas::QuotaQuery& query,
                                           std::chrono::milliseconds timeout, base::Event* overdue) {
  using List = std::vector<quotas::SourceData>;
  quotas::SourceFilter selects = [&query](std::string_view provider, std::string_view account) {
    return quotas::selects_source(query, provider, account);
  };
  // Warm path: nothing to wait for, answered without suspending.
  if (!query.refresh && !query.max_age) {
    if (auto now = service.collect_now(selects)) co_return now;
  }
  quotas::CollectRequest request{selects, query.refresh, query.max_age, service.clock().steady_now() + timeout};
  if (overdue == nullptr) co_return std::make_shared<const List>(co_await service.collect(std::move(request)));
  // Past the drain grace nobody waits for a cloud any more: answer with what is cached.
  auto raced = co_await (service.collect(std::move(request)) || overdue->wait());
  if (raced.index() == 0) co_return std::make_shared<const List>(std::move(std::get<0>(raced)));
  co_return std::make_shared<const List>(service.collect_cached(
      selects, problem::local_failure(problem::Local::kShuttingDown, "the gateway is shutting down")));
}

// A request that would call a cloud spends the client's refresh budget; past it the request is
// answered as if it had not asked (from the cache), and says so.
struct RefreshAdmission {
  std::optional<client_limits::Verdict> verdict;
  bool skipped = false;
};

RefreshAdmission admit_refresh(const Request& req, quotas::QuotaService& service, quotas::QuotaQuery& query,
                               const QuotasHandlerOptions& options) {
  RefreshAdmission out;
  if (options.limiter == nullptr || !options.limiter->enabled()) return out;
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

Response respond(quotas::Answer answer) {
  Response r;
  r.status = answer.status;
  r.headers = std::move(answer.headers);
  r.body = std::move(answer.body[0]);
  r.more_body = {std::move(answer.body[1]), std::move(answer.body[2])};
  r.stream = std::move(answer.stream);
  r.stream_deadline = answer.stream_deadline;
  r.log_summary = std::move(answer.log_summary);
  return r;
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_request_timeout(std::string_view value) {
  const auto seconds = adapters::parse_decimal(value);
  if (!seconds || *seconds <= 0 || *seconds > 86400) return std::nullopt;
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(*seconds * 1000)));
}

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
    const auto listed = co_await collect(service, *query, *timeout, options.overdue);
    const auto& sources = *listed;
    if (quotas::all_failed(sources)) {
      if (options.overdue != nullptr && options.overdue->is_set()) {
        Response r = problem_response(ProblemKind::kShuttingDown,
                                      "the gateway is shutting down; nothing is cached to answer with");
        r.set_header("Retry-After", "1");
        co_return r;
      }
      Response failed = respond(quotas::all_failed_answer(sources));
      mark_refresh(failed, admission, sources, options);
      co_return failed;
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
    Response r = respond(std::move(*answer));
    mark_refresh(r, admission, sources, options);
    co_return r;
  };
}

}  // namespace qg::http
