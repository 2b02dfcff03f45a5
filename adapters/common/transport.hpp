#pragma once
// Sending one HTTP request and reading its whole response before a deadline: what the gateway's
// fetch loop needs from the network. HttpsClient is the implementation; tests put a scripted
// transport or the in-process emulator behind the same interface, in simulated time.

#include <chrono>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "adapters/common/http_types.hpp"
#include "adapters/common/upstream_error.hpp"

namespace qg::adapters {

using SendResult = boost::system::result<HttpResponse, UpstreamError>;

/// @par Thread Safety
/// send() may be called concurrently from any thread.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Transport failures are classified (kTimeout, kNetwork, kBadResponse, kPermanent for TLS
  // verification); HTTP error statuses are not errors here: the adapter's decoder reads them.
  // Parameters by value, so the coroutine never refers to a caller's temporary.
  virtual boost::asio::awaitable<SendResult> send(Endpoint endpoint, HttpRequest request,
                                                  std::chrono::steady_clock::time_point deadline) = 0;
};

}  // namespace qg::adapters
