#pragma once
// Per-account pacing of upstream HTTP attempts. Taken once per attempt (every page, every retry),
// inside the retry loop. It waits for a slot instead of rejecting; it fails fast, with a
// retryable kRateLimited error, only when the slot would come after the caller's deadline.

#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "adapters/common/upstream_error.hpp"
#include "gateway/base/clock.hpp"
#include "gateway/ratelimit/rate_limit.hpp"

namespace qg::ratelimit {

using AcquireResult = boost::system::result<Duration, adapters::UpstreamError>;  // the time waited

/// @par Thread Safety
/// acquire() may be called concurrently from any thread.
class Pacer {
 public:
  virtual ~Pacer() = default;
  virtual boost::asio::awaitable<AcquireResult> acquire(std::string_view key, const RateLimit& limit,
                                                        base::SteadyTime deadline) = 0;
};

}  // namespace qg::ratelimit
