#pragma once
// The in-process Pacer: one GCRA per key (account), waiting through the injected clock.

#include <map>
#include <mutex>
#include <string>

#include "gateway/base/clock.hpp"
#include "gateway/ratelimit/gcra.hpp"
#include "gateway/ratelimit/pacer.hpp"

namespace qg::ratelimit {

/// @par Thread Safety
/// acquire() may be called concurrently from any thread.
class LocalPacer final : public Pacer {
 public:
  explicit LocalPacer(base::Clock& clock) : clock_(clock) {}

  boost::asio::awaitable<AcquireResult> acquire(std::string_view key, const RateLimit& limit,
                                                base::SteadyTime deadline) override;

  // Reserves without waiting: the slot time, or nullopt when it would be after `latest`.
  std::optional<TimePoint> reserve(std::string_view key, const RateLimit& limit, TimePoint latest);

 private:
  Gcra& state(std::string_view key, const RateLimit& limit);

  base::Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, std::pair<RateLimit, Gcra>, std::less<>> states_;
};

}  // namespace qg::ratelimit
