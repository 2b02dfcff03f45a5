#pragma once
// The one HTTP(S) client every adapter's calls go through: coroutine-based, TLS with SNI and
// certificate + host-name verification (system store, or a per-endpoint CA file), keep-alive
// connections pooled per endpoint, a deadline on every operation and a response size cap.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "adapters/common/transport.hpp"

namespace qg::adapters {

struct HttpClientOptions {
  std::size_t max_response_bytes = 16 * 1024 * 1024;
  std::size_t max_idle_per_endpoint = 16;
  std::chrono::seconds idle_timeout{30};  // pooled connections idle longer than this are dropped
  std::string user_agent = "quota-gateway/0.1";
};

/// @par Thread Safety
/// send() may be called concurrently from any thread; the pool is internally synchronized.
class HttpsClient final : public HttpTransport {
 public:
  explicit HttpsClient(boost::asio::any_io_executor executor, HttpClientOptions options = {});
  ~HttpsClient() override;
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;

  // Sends one request and reads the whole response before `deadline`. Transport failures are
  // classified: kTimeout, kNetwork, kBadResponse (oversized or unparsable), kPermanent (TLS
  // verification). HTTP error statuses are not errors here: the adapter's decoder reads them.
  // Parameters by value, so the coroutine never refers to a caller's temporary. (g++ 12 also
  // mishandles temporaries that need destruction in the same full-expression as a co_await,
  // e.g. a defaulted HttpClientOptions in `HttpsClient c(co_await this_coro::executor);`.)
  boost::asio::awaitable<SendResult> send(Endpoint endpoint, HttpRequest request,
                                          std::chrono::steady_clock::time_point deadline) override;

  std::size_t connections_opened() const;
  // Drops every idle pooled connection (shutdown, tests).
  void close_idle();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace qg::adapters
