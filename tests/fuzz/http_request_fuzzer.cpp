// The gateway's HTTP request path: raw bytes parsed with the server's parser and limits, then the
// front door (request id, trace context, CORS, API key), the router and the real handlers, with
// /quotas answering from one account whose adapter is a fixed record set. A request must never
// earn a 500, and nothing from it may break out of a response header.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/http/parser.hpp>

#include "adapters/common/https_client.hpp"
#include "gateway/base/clock.hpp"
#include "gateway/base/random.hpp"
#include "gateway/base/task_group.hpp"
#include "gateway/cache/record_cache.hpp"
#include "gateway/http/framing.hpp"
#include "gateway/http/front_door.hpp"
#include "gateway/http/handlers/basic_handlers.hpp"
#include "gateway/http/handlers/quotas_handler.hpp"
#include "gateway/http/server.hpp"
#include "gateway/http/wire.hpp"
#include "gateway/quotas/service.hpp"
#include "gateway/ratelimit/local_pacer.hpp"
#include "tests/fuzz/fuzz_support.hpp"
#include "tests/fuzz/sample_records.hpp"

namespace {

namespace net = boost::asio;
namespace beast_http = boost::beast::http;

class FixedProvider final : public qg::adapters::QuotaProvider {
 public:
  std::string_view provider() const override { return "tencent-live"; }
  const std::string& account() const override { return account_; }
  const qg::adapters::Endpoint& endpoint() const override { return endpoint_; }
  net::awaitable<qg::adapters::FetchResult> fetch_all(qg::adapters::UpstreamCaller&) override {
    co_return qg::fuzz::sample_records(account_);
  }

 private:
  std::string account_ = "live";
  qg::adapters::Endpoint endpoint_;
};

struct Gateway {
  net::io_context ioc;
  qg::base::SystemClock clock;
  qg::base::SystemRandom random;
  qg::base::TaskGroup background;
  qg::ratelimit::LocalPacer pacer{clock};
  qg::adapters::HttpsClient client{ioc.get_executor()};
  qg::cache::RecordCache cache{qg::cache::RecordCacheDeps{qg::cache::CachePolicy{}, clock, random,
                                                          net::make_strand(ioc), background}};
  std::unique_ptr<qg::quotas::QuotaService> service;
  qg::http::Router router;
  qg::http::Readiness readiness;
  std::unique_ptr<qg::http::FrontDoor> front;

  Gateway() {
    std::vector<qg::quotas::Account> accounts;
    qg::quotas::Account account;
    account.provider = std::make_unique<FixedProvider>();
    account.upstream = {"tencent-live", "live", {}, {20, std::chrono::seconds(1)}};
    account.breaker = std::make_unique<qg::retry::CircuitBreaker>();
    accounts.push_back(std::move(account));
    qg::quotas::ServiceDeps deps{qg::quotas::UpstreamDeps{clock, random, pacer, client, {}, {}}, cache,
                                 std::chrono::milliseconds(5000), {}};
    service = std::make_unique<qg::quotas::QuotaService>(std::move(deps), std::move(accounts));
    qg::http::QuotasHandlerOptions options;
    options.request_deadline = std::chrono::milliseconds(5000);
    options.page_token_key = "fuzz-page-token-key";
    router.add({"/quotas", beast_http::verb::get, qg::http::quotas_handler(*service, options), true});
    router.add({"/openapi.json", beast_http::verb::get, qg::http::openapi_json_handler(), false});
    router.add({"/healthz", beast_http::verb::get, qg::http::health_handler(), false});
    router.add({"/readyz", beast_http::verb::get, qg::http::ready_handler(readiness), false});
    qg::http::FrontDoorOptions front_options;
    front_options.policy.api_keys.emplace_back("fuzz-api-key");
    front_options.policy.cors_origins = {"https://app.example"};
    front = std::make_unique<qg::http::FrontDoor>(router, std::move(front_options), clock, random);
  }
};

net::awaitable<void> serve(qg::http::FrontDoor& front, qg::http::Request& request, qg::http::Response& response,
                           bool& done) {
  response = co_await front.handle(request);
  done = true;
}

bool clean_header(std::string_view text) {
  return text.find_first_of("\r\n") == std::string_view::npos && text.find('\0') == std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Gateway gateway;
  const qg::http::ServerLimits limits;
  beast_http::request_parser<beast_http::string_body> parser;
  parser.eager(true);
  parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
  parser.body_limit(limits.max_body_bytes);
  boost::beast::error_code ec;
  // The head first, as the server reads it: framing is judged before any body byte is taken.
  parser.eager(false);
  std::size_t used = parser.put(net::buffer(data, size), ec);
  if (ec == beast_http::error::need_more) ec = {};
  if (ec || !parser.is_header_done()) return 0;  // the server answers these with a 4xx
  const auto framing = qg::http::check_framing(parser.get().base(), parser.get().version());
  if (framing.problem) {
    // Refused: then nothing that follows the head may reach a handler.
    qg::fuzz::check(!framing.problem->empty(), "a refusal says why");
    return 0;
  }
  const bool chunked_te = parser.get().base().count(beast_http::field::transfer_encoding) > 0;
  qg::fuzz::check(!chunked_te || parser.chunked(), "an accepted Transfer-Encoding frames the body as chunked");
  parser.eager(true);
  while (!ec && !parser.is_done() && used < size) {
    const std::size_t n = parser.put(net::buffer(data + used, size - used), ec);
    if (n == 0) break;
    used += n;
  }
  if (ec == beast_http::error::need_more) ec = {};
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec || !parser.is_done()) return 0;  // the server answers these with a 4xx before any handler

  qg::http::Request request;
  qg::http::bind_message(request, parser.get());
  request.remote = "127.0.0.1";
  request.received = gateway.clock.steady_now();
  qg::http::Response response;
  bool done = false;
  (void)used;
  net::co_spawn(gateway.ioc, serve(*gateway.front, request, response, done), net::detached);
  // The cache's timers and background refreshes keep the context busy: run until this answer.
  gateway.ioc.restart();
  while (!done) gateway.ioc.run_one();

  qg::fuzz::check(response.status >= 200 && response.status < 600, "a real HTTP status");
  qg::fuzz::check(response.status != 500, "bad input never earns a 500");
  for (const auto& [name, value] : response.headers) {
    qg::fuzz::check(clean_header(name) && clean_header(value), "no CR, LF or NUL in response headers");
  }
  const std::string head = qg::http::serialize_head(response, request.head, true, qg::http::http_date(0));
  qg::fuzz::check(head.find("\r\n\r\n") == head.size() - 4, "one header block");
  return 0;
}
