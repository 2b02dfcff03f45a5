#pragma once
// The UpstreamCaller the gateway hands to adapters: the single place where one upstream call's
// attempts are composed — deadline check → pace (one slot per attempt) → sign afresh → send →
// classify → retry with backoff, never past the fetch's deadline.

#include <atomic>
#include <chrono>
#include <functional>
#include <string>

#include "adapters/common/https_client.hpp"
#include "adapters/common/provider.hpp"
#include "gateway/base/clock.hpp"
#include "gateway/base/random.hpp"
#include "gateway/ratelimit/pacer.hpp"
#include "gateway/retry/retry_policy.hpp"

namespace qg::quotas {

// One upstream HTTP attempt, for metrics and debug logs.
struct AttemptReport {
  std::string_view provider;
  std::string_view account;
  std::string_view operation;
  const adapters::UpstreamError* error = nullptr;  // null: success
  std::chrono::nanoseconds latency{0};
  std::chrono::nanoseconds paced{0};  // time waited for the rate-limit slot
  bool retried = false;               // another attempt follows
};

struct UpstreamDeps {
  base::Clock& clock;
  base::Random& random;
  ratelimit::Pacer& pacer;
  adapters::HttpsClient& client;
  retry::RetryPolicy retry;
  std::function<void(const AttemptReport&)> observe;  // may be empty
};

struct AccountUpstream {
  std::string provider;
  std::string account;
  adapters::Endpoint endpoint;
  ratelimit::RateLimit rate_limit;
};

// Lives for one fetch of one account (all its pages); counts the attempts it made.
class AccountCaller final : public adapters::UpstreamCaller {
 public:
  AccountCaller(const UpstreamDeps& deps, const AccountUpstream& account, base::SteadyTime deadline);

  boost::asio::awaitable<adapters::CallResult> call(const adapters::UpstreamCall& call) override;

  std::size_t attempts() const { return attempts_; }

 private:
  const UpstreamDeps& deps_;
  const AccountUpstream& account_;
  base::SteadyTime deadline_;
  std::atomic<std::size_t> attempts_{0};
};

}  // namespace qg::quotas
