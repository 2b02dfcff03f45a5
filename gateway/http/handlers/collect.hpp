#pragma once
// What a listing handler (GET /quotas, GET /pools) answers from: the selected sources, from
// the cache when it can serve, fetched within the deadline otherwise; past the drain grace,
// whatever is cached. And the deadline a client may shorten.

#include <chrono>
#include <optional>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "gateway/base/event.hpp"
#include "gateway/http/request.hpp"
#include "gateway/http/response.hpp"
#include "gateway/quotas/answer.hpp"
#include "gateway/quotas/service.hpp"

namespace qg::http {

struct CollectOptions {
  quotas::SourceFilter selects;
  bool refresh = false;
  std::optional<std::chrono::seconds> max_age;
  std::chrono::milliseconds timeout{};
  base::Event* overdue = nullptr;  // set: stop waiting for clouds, answer from the cache
};

boost::asio::awaitable<quotas::SourceList> collect(quotas::QuotaService& service, CollectOptions options);

// Every selected source failed: the 502 naming them (with the sources), or past the drain grace
// a 503 since nothing is cached to answer with. nullopt: at least one source can serve.
std::optional<Response> all_failed_response(const std::vector<quotas::SourceData>& sources, base::Event* overdue);

// A rendered answer as the session sends it.
Response to_response(quotas::Answer answer);

// `Request-Timeout` / `X-Request-Timeout`: seconds (fractions allowed) a client is willing to
// wait; the deadline is the smaller of that and the configured one. nullopt: malformed.
std::optional<std::chrono::milliseconds> parse_request_timeout(std::string_view value);

// The smaller of the configured deadline and what the client asks for (Request-Timeout,
// X-Request-Timeout); an unreadable header is the error, naming it.
boost::system::result<std::chrono::milliseconds, problem::InvalidParam> timeout_for(
    const Request& req, std::chrono::milliseconds configured);

}  // namespace qg::http
