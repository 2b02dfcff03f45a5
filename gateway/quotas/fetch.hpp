#pragma once
// The UpstreamCaller the gateway hands to adapters: the single place where one upstream call's
// attempts are composed — deadline check → pace (one slot per attempt) → sign afresh → send →
// classify → retry with backoff, never past the fetch's deadline.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "adapters/common/provider.hpp"
#include "adapters/common/transport.hpp"
#include "adapters/credentials/provider.hpp"
#include "gateway/base/clock.hpp"
#include "gateway/base/cpu_pool.hpp"
#include "gateway/base/random.hpp"
#include "gateway/problem/problem.hpp"
#include "gateway/ratelimit/pacer.hpp"
#include "gateway/retry/retry_policy.hpp"

namespace qg::quotas {

// One upstream HTTP attempt (or a refusal to make one), for metrics and debug logs.
struct AttemptReport {
  std::string_view provider;
  std::string_view account;
  std::string_view operation;
  std::string_view outcome;           // "ok", an upstream error kind, or "rate_limited"
  std::chrono::nanoseconds latency{0};
  std::chrono::nanoseconds paced{0};  // time waited for the rate-limit slot
  bool retried = false;               // another attempt follows
};

struct UpstreamDeps {
  base::Clock& clock;
  base::Random& random;
  ratelimit::Pacer& pacer;
  adapters::HttpTransport& transport;
  retry::RetryPolicy retry;
  std::function<void(const AttemptReport&)> observe;  // may be empty
  // Where reading and mapping replies runs (off the serving threads); null: inline.
  base::CpuPool* workers = nullptr;
};

struct AccountUpstream {
  std::string provider;
  std::string account;
  adapters::Endpoint endpoint;
  ratelimit::RateLimit rate_limit;
  // Where a rotating credential comes from (instance role, OIDC, STS); null: the adapter's
  // configured static key.
  std::shared_ptr<credentials::CredentialProvider> credentials;
};

// The pacer key of an account's refresh budget: refresh-ahead and clients' refreshes share it
// (and, with Redis, every replica does).
std::string refresh_budget_key(std::string_view account);
// That budget: `share` of the account's rate limit.
ratelimit::RateLimit refresh_budget(const ratelimit::RateLimit& account_limit, double share);

// Lives for one fetch of one account (all its pages); counts the attempts it made.
class AccountCaller final : public adapters::UpstreamCaller {
 public:
  // `budget`: a lower rate this fetch's attempts must also keep to (refresh traffic's share of
  // the account's limit), paced under its own key (refresh_budget_key) on top of the account's;
  // `prepaid` of those slots were taken already (the one that admitted a client's refresh).
  AccountCaller(const UpstreamDeps& deps, const AccountUpstream& account, base::SteadyTime deadline,
                std::optional<ratelimit::RateLimit> budget = std::nullopt, int prepaid = 0);

  boost::asio::awaitable<adapters::CallResult> call(const adapters::UpstreamCall& call) override;
  // On the workers, dropped once this fetch's deadline has passed.
  boost::asio::awaitable<bool> offload(std::function<void()> work) override;

  std::size_t attempts() const { return attempts_; }
  // Set when a call ended because of the gateway itself (no pacing slot before the deadline),
  // not because of the cloud: the adapter only sees a timeout, the service reports this.
  std::optional<problem::Local> local_failure() const;
  // Set when no credential could be had (the metadata or STS service failed, a role was
  // detached): the cloud was not asked, so its breaker learns nothing from this.
  bool credentials_failed() const { return credentials_failed_; }

 private:
  const UpstreamDeps& deps_;
  const AccountUpstream& account_;
  base::SteadyTime deadline_;
  std::optional<ratelimit::RateLimit> budget_;
  std::atomic<int> prepaid_;
  std::atomic<std::size_t> attempts_{0};
  std::atomic<bool> pacing_failed_{false};
  std::atomic<bool> credentials_failed_{false};
};

}  // namespace qg::quotas
