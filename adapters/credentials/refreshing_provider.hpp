#pragma once
// A temporary credential kept in memory and refreshed through a Fetch before it expires.
//
//  - Refreshes ahead of expiry (refresh_time(): max(5 min, a quarter of the lifetime) before).
//  - Single flight: one fetch at a time. While a credential that is still valid is being
//    refreshed, other callers get it at once; callers with nothing valid wait for the fetch in
//    progress (each until its own deadline) instead of starting another.
//  - A failed refresh keeps serving the old credential while it is valid, and is tried again
//    after retry_interval, not on every call.
//  - An expired credential (less than expiry_skew left) is never returned: then the fetch's
//    error is.
//  - invalidate(id) drops the cached credential when the cloud API rejected it (that one only).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "adapters/credentials/provider.hpp"

namespace qg::credentials {

// Obtains a new credential (one metadata or STS exchange); `now_unix` is the caller's wall time.
using Fetch = std::function<boost::asio::awaitable<CredentialsResult>(
    std::int64_t now_unix, std::chrono::steady_clock::time_point deadline)>;

struct RefreshPolicy {
  std::int64_t min_margin = kMinRefreshMargin;  // seconds; see refresh_margin()
  // Seconds between fetches while the credential in hand is still valid: after a failed
  // refresh, and after one that returned a credential already inside its refresh margin.
  std::int64_t retry_interval = 10;
  // Seconds: less than this left counts as expired, so a request signed now is still valid
  // when it reaches the provider.
  std::int64_t expiry_skew = 30;
};

/// @par Thread Safety
/// get() may be called concurrently from any thread. The provider must outlive every get().
class RefreshingProvider final : public CredentialProvider {
 public:
  RefreshingProvider(std::string description, Fetch fetch, RefreshPolicy policy = {});
  ~RefreshingProvider() override;
  RefreshingProvider(const RefreshingProvider&) = delete;
  RefreshingProvider& operator=(const RefreshingProvider&) = delete;

  boost::asio::awaitable<CredentialsResult> get(std::int64_t now_unix,
                                                std::chrono::steady_clock::time_point deadline) override;
  std::string describe() const override;
  void invalidate(std::string_view rejected_id) override;

  std::size_t fetches_started() const;  // for tests and metrics

 private:
  struct Waiter;
  boost::asio::awaitable<CredentialsResult> fetch_and_publish(std::int64_t now,
                                                              std::chrono::steady_clock::time_point deadline);
  boost::asio::awaitable<CredentialsResult> wait(std::shared_ptr<Waiter> waiter,
                                                 std::chrono::steady_clock::time_point deadline);
  CredentialsResult publish(std::optional<CredentialsResult> fetched, std::int64_t now);
  CredentialsResult answer_locked(std::int64_t now, const adapters::UpstreamError& failure) const;
  bool usable_locked(std::int64_t now) const;

  const std::string description_;
  const Fetch fetch_;
  const RefreshPolicy policy_;

  mutable std::mutex mutex_;
  std::optional<Credentials> cached_;
  std::int64_t refresh_at_ = 0;  // Unix time of the next refresh of a still-valid credential
  std::int64_t lifetime_ = 0;    // seconds the cached credential had left when it arrived
  bool in_flight_ = false;
  std::vector<std::shared_ptr<Waiter>> waiters_;  // callers waiting for the fetch in flight
  std::size_t fetches_ = 0;
};

}  // namespace qg::credentials
