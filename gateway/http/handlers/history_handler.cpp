#include "gateway/http/handlers/history_handler.hpp"

#include "gateway/history/history_render.hpp"
#include "gateway/http/display.hpp"
#include "gateway/http/problem.hpp"
#include "gateway/quotas/query.hpp"
#include "gateway/quotas/render.hpp"

namespace qg::http {
namespace {

namespace net = boost::asio;

struct HistoryQuery {
  std::int64_t since = 0;
  std::optional<quotas::OutputFormat> format;
};

boost::system::result<HistoryQuery, std::vector<InvalidParam>> parse(std::string_view raw, std::int64_t now,
                                                                     std::int64_t retention) {
  HistoryQuery q;
  q.since = now - retention;
  std::vector<InvalidParam> errors;
  std::size_t pos = 0;
  while (pos < raw.size()) {
    const auto amp = raw.find('&', pos);
    const auto pair = raw.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    pos = amp == std::string_view::npos ? raw.size() : amp + 1;
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const auto name = quotas::percent_decode(pair.substr(0, eq));
    const auto value = quotas::percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!name || !value) {
      errors.push_back({printable(pair, 64), "contains a malformed percent-encoding"});
    } else if (*name == "since") {
      if (auto t = quotas::parse_time_param(*value, now)) q.since = *t;
      else errors.push_back({"since", "'" + printable(*value, 64) + "' is neither RFC 3339 nor relative (-7d, -12h)"});
    } else if (*name == "format") {
      if (*value == "csv") q.format = quotas::OutputFormat::kCsv;
      else if (*value != "json") errors.push_back({"format", "'" + printable(*value, 64) + "' is not json or csv"});
    } else {
      errors.push_back({printable(*name, 64), "is not a parameter of GET /quotas/{id}/history; known: since, format"});
    }
  }
  if (!errors.empty()) return errors;
  return q;
}

Response respond(const history::PackageHistory& h, quotas::OutputFormat format) {
  const bool csv = format == quotas::OutputFormat::kCsv;
  Response r = csv ? text_response(200, "text/csv; charset=utf-8", history::render_history_csv(h))
                   : text_response(200, "application/json", history::render_history_json(h));
  r.set_header("Cache-Control", "private, max-age=0");
  r.set_header("Vary", "Accept");
  return r;
}

}  // namespace

Handler history_handler(quotas::QuotaService& service, history::HistoryService& history) {
  return [&service, &history](const Request& req) -> net::awaitable<Response> {
    const auto now = service.clock().unix_now();
    auto query = parse(req.query, now, history.policy().retention.retention_seconds);
    if (!query) {
      co_return problem_response(ProblemKind::kInvalidParameters,
                                 "GET /quotas/{id}/history has invalid parameters; see invalid_params", query.error());
    }
    // The same negotiation as /quotas; a history has no NDJSON form.
    auto format = quotas::negotiate(req.header("Accept"), query->format);
    if (!format || *format == quotas::OutputFormat::kNdjson) {
      co_return problem_response(ProblemKind::kNotAcceptable,
                                 "a package's history is available as application/json or text/csv (or ?format=json|csv)");
    }
    const std::string& id = req.path_param;
    const auto record = service.find_record(id);
    auto samples = co_await history.samples(id, query->since);
    if (!samples) co_return problem_response(ProblemKind::kHistoryUnavailable, "the history store is not answering");
    if (!record && samples->empty()) {
      co_return problem_response(ProblemKind::kNotFound, "no package has the id " + printable(id, 256));
    }
    history::PackageHistory h{id, record ? record->unit : std::string(), std::move(*samples), {}};
    if (record) h.forecast = {record->burn_rate_per_day, record->projected_exhaustion_at};
    else if (auto f = history.forecast(id)) h.forecast = *f;
    co_return respond(h, *format);
  };
}

}  // namespace qg::http
