#pragma once
// The contract between the gateway and a cloud API adapter.
//
// An adapter knows its API's wire format: how to build and sign a request, how to decode and
// classify a response, how to page and how to map native objects into QuotaRecords. It does not
// know about sockets, retries, pacing, caching or deadlines: those belong to the UpstreamCaller
// the gateway hands in, which runs every attempt of every call.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include "adapters/common/attempt.hpp"
#include "adapters/common/http_types.hpp"
#include "adapters/common/quota_record.hpp"
#include "adapters/common/upstream_error.hpp"

namespace qg::adapters {

// One logical upstream call (one page of one listing).
struct UpstreamCall {
  std::string_view operation;  // for logs and metrics: "DescribeLivePackageInfo"
  // Builds the complete, signed request for one attempt.
  std::function<HttpRequest(const AttemptContext&)> build;
  // Reads one response: the decoded JSON on success, or the classified error (HTTP status,
  // error envelope, malformed body). Called once per attempt.
  std::function<CallResult(const HttpResponse&)> decode;
};

// Runs calls with pacing, retries and deadlines; implemented by the gateway (quotas/fetch).
class UpstreamCaller {
 public:
  virtual ~UpstreamCaller() = default;
  virtual boost::asio::awaitable<CallResult> call(const UpstreamCall& call) = 0;
  // Runs CPU-heavy work of the fetch (mapping a page, assembling the records) where the caller
  // keeps such work: the gateway's worker pool, off the threads that serve requests. False when
  // the work was dropped unrun because the fetch's deadline passed first. By default: inline.
  virtual boost::asio::awaitable<bool> offload(std::function<void()> work) {
    work();
    co_return true;
  }
};

// `map()` through caller.offload(): its result, or a timeout when the fetch's deadline passed
// before it could run (the deadline is enforced between pages, not only between calls).
template <class Result, class Map>
boost::asio::awaitable<Result> offloaded(UpstreamCaller& caller, Map map) {
  std::optional<Result> out;
  // A named local: g++ 12 destroys a temporary argument of a coroutine call in co_await twice.
  std::function<void()> work = [&out, &map] { out.emplace(map()); };
  if (!co_await caller.offload(std::move(work))) {
    co_return Result(make_error(ErrorKind::kTimeout, "the fetch deadline passed before the provider's reply was processed"));
  }
  co_return std::move(*out);
}

using FetchResult = boost::system::result<RecordList, UpstreamError>;

// One configured account of one provider.
class QuotaProvider {
 public:
  virtual ~QuotaProvider() = default;
  virtual std::string_view provider() const = 0;  // "tencent-live"
  virtual const std::string& account() const = 0;
  virtual const Endpoint& endpoint() const = 0;
  // Every record the account has: all package types, all pages. Fails as a whole when any
  // call fails (after the caller's retries), so a cached set is always complete.
  virtual boost::asio::awaitable<FetchResult> fetch_all(UpstreamCaller& caller) = 0;
};

}  // namespace qg::adapters
