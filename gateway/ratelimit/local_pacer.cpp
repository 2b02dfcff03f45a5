#include "gateway/ratelimit/local_pacer.hpp"

namespace qg::ratelimit {

namespace net = boost::asio;

Gcra& LocalPacer::state(std::string_view key, const RateLimit& limit) {
  auto it = states_.find(key);
  if (it == states_.end() || !(it->second.first == limit)) {
    // A changed limit starts a fresh schedule; the old one is no longer meaningful.
    it = states_.insert_or_assign(std::string(key), std::make_pair(limit, Gcra(gcra_params(limit)))).first;
  }
  return it->second.second;
}

std::optional<TimePoint> LocalPacer::reserve(std::string_view key, const RateLimit& limit, TimePoint latest) {
  std::lock_guard lock(mutex_);
  return state(key, limit).reserve(clock_.steady_now(), latest);
}

net::awaitable<AcquireResult> LocalPacer::acquire(std::string_view key, const RateLimit& limit,
                                                  base::SteadyTime deadline) {
  const std::string account(key);
  const auto now = clock_.steady_now();
  const auto slot = reserve(account, limit, deadline);
  if (!slot) co_return PaceFailure::kNoSlotBeforeDeadline;
  if (*slot > now) co_await clock_.sleep_until(*slot);
  if (clock_.steady_now() < *slot) {
    // Woken early: the caller was cancelled. Hand the slot back so it is not wasted.
    std::lock_guard lock(mutex_);
    state(account, limit).release(*slot);
    co_return PaceFailure::kCancelled;
  }
  co_return clock_.steady_now() - now;
}

}  // namespace qg::ratelimit
