#include "gateway/http/handlers/collect.hpp"

#include <cmath>

#include <boost/asio/experimental/awaitable_operators.hpp>

#include "adapters/common/numbers.hpp"
#include "gateway/http/problem.hpp"

namespace qg::http {

namespace net = boost::asio;
using namespace net::experimental::awaitable_operators;

std::optional<std::chrono::milliseconds> parse_request_timeout(std::string_view value) {
  const auto seconds = adapters::parse_decimal(value);
  if (!seconds || *seconds <= 0 || *seconds > 86400) return std::nullopt;
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(*seconds * 1000)));
}

boost::system::result<std::chrono::milliseconds, problem::InvalidParam> timeout_for(
    const Request& req, std::chrono::milliseconds configured) {
  auto timeout = configured;
  for (const char* name : {"Request-Timeout", "X-Request-Timeout"}) {
    const auto value = req.header(name);
    if (value.empty()) continue;
    auto asked = parse_request_timeout(value);
    if (!asked) return problem::InvalidParam{name, "'" + std::string(value) + "' is not a positive number of seconds"};
    timeout = std::min(timeout, *asked);
  }
  return timeout;
}

net::awaitable<quotas::SourceList> collect(quotas::QuotaService& service, CollectOptions options) {
  using List = std::vector<quotas::SourceData>;
  const quotas::SourceFilter& selects = options.selects;
  // Warm path: nothing to wait for, answered without suspending.
  if (!options.refresh && !options.max_age) {
    if (auto now = service.collect_now(selects)) co_return now;
  }
  quotas::CollectRequest request{selects, options.refresh, options.max_age,
                                 service.clock().steady_now() + options.timeout};
  base::Event* overdue = options.overdue;
  if (overdue == nullptr) co_return std::make_shared<const List>(co_await service.collect(std::move(request)));
  // Past the drain grace nobody waits for a cloud any more: answer with what is cached.
  auto raced = co_await (service.collect(std::move(request)) || overdue->wait());
  if (raced.index() == 0) co_return std::make_shared<const List>(std::move(std::get<0>(raced)));
  co_return std::make_shared<const List>(service.collect_cached(
      selects, problem::local_failure(problem::Local::kShuttingDown, "the gateway is shutting down")));
}

std::optional<Response> all_failed_response(const std::vector<quotas::SourceData>& sources, base::Event* overdue) {
  if (!quotas::all_failed(sources)) return std::nullopt;
  if (overdue != nullptr && overdue->is_set()) {
    Response r = problem_response(ProblemKind::kShuttingDown, "the gateway is shutting down; nothing is cached to answer with");
    r.set_header("Retry-After", "1");
    return r;
  }
  return to_response(quotas::all_failed_answer(sources));
}

Response to_response(quotas::Answer answer) {
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

}  // namespace qg::http
