#pragma once
// Per-account pacing of upstream HTTP attempts. Taken once per attempt (every page, every retry),
// inside the retry loop. It waits for a slot instead of rejecting; it fails fast only when the
// slot would come after the caller's deadline (or the wait is cancelled).

#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "gateway/base/clock.hpp"
#include "gateway/ratelimit/rate_limit.hpp"

namespace qg::ratelimit {

enum class PaceFailure {
  kNoSlotBeforeDeadline,  // the next slot lies past the deadline: waiting cannot help
  kCancelled,             // the waiter was cancelled; its slot was handed back
};

using AcquireResult = boost::system::result<Duration, PaceFailure>;  // the time waited

/// @par Thread Safety
/// acquire() may be called concurrently from any thread.
class Pacer {
 public:
  virtual ~Pacer() = default;
  virtual boost::asio::awaitable<AcquireResult> acquire(std::string_view key, const RateLimit& limit,
                                                        base::SteadyTime deadline) = 0;
};

}  // namespace qg::ratelimit
