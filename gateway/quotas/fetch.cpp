#include "gateway/quotas/fetch.hpp"

#include <algorithm>

#include "gateway/base/log.hpp"
#include "gateway/retry/retry_state.hpp"

namespace qg::quotas {

namespace net = boost::asio;
using adapters::ErrorKind;
using Duration = std::chrono::steady_clock::duration;
using adapters::UpstreamError;

std::string refresh_budget_key(std::string_view account) { return "refresh:" + std::string(account); }

ratelimit::RateLimit refresh_budget(const ratelimit::RateLimit& account_limit, double share) {
  ratelimit::RateLimit budget = account_limit;
  budget.requests = std::max(account_limit.requests * share, 1e-3);
  return budget;
}

AccountCaller::AccountCaller(const UpstreamDeps& deps, const AccountUpstream& account, base::SteadyTime deadline,
                             std::optional<ratelimit::RateLimit> budget, int prepaid)
    : deps_(deps), account_(account), deadline_(deadline), budget_(budget), prepaid_(prepaid) {}

std::optional<problem::Local> AccountCaller::local_failure() const {
  if (pacing_failed_) return problem::Local::kRateLimited;
  return std::nullopt;
}

net::awaitable<bool> AccountCaller::offload(std::function<void()> work) {
  if (deps_.workers == nullptr) co_return co_await adapters::UpstreamCaller::offload(std::move(work));
  co_return co_await deps_.workers->run_job(std::move(work), deadline_);
}

net::awaitable<adapters::CallResult> AccountCaller::call(const adapters::UpstreamCall& call) {
  retry::RetryState state(deps_.retry, deps_.random);
  bool renewed_after_auth = false;
  for (;;) {
    if (deps_.clock.steady_now() >= deadline_) {
      co_return adapters::make_error(ErrorKind::kTimeout, "the fetch deadline passed before " +
                                                              std::string(call.operation) + " could be sent");
    }
    // The credential first: without one no pacing slot is worth spending.
    std::optional<adapters::SigningKey> key;
    std::optional<credentials::Credentials> signed_with;  // to name it if the cloud refuses it
    if (account_.credentials) {
      auto got = co_await account_.credentials->get(deps_.clock.unix_now(), deadline_);
      if (!got) {
        credentials_failed_ = true;
        UpstreamError e = adapters::displayable(got.error());
        e.message = "no credential from " + account_.credentials->describe() + ": " + e.message;
        co_return e;
      }
      key = adapters::SigningKey{got->id, got->secret, got->token};
      signed_with = std::move(*got);
    }
    // One pacing slot per attempt: pages and retries together stay within the account's limit.
    const auto paced_from = deps_.clock.steady_now();
    ratelimit::AcquireResult slot = Duration{0};
    if (budget_ && prepaid_.fetch_sub(1) <= 0) {
      slot = co_await deps_.pacer.acquire(refresh_budget_key(account_.account), *budget_, deadline_);
    }
    if (slot) slot = co_await deps_.pacer.acquire(account_.account, account_.rate_limit, deadline_);
    const auto paced = deps_.clock.steady_now() - paced_from;
    if (!slot) {
      // The next slot lies past the deadline: waiting cannot help, and the cloud was not asked.
      pacing_failed_ = true;
      if (deps_.observe) deps_.observe({account_.provider, account_.account, call.operation, "rate_limited", {}, paced, false});
      co_return adapters::make_error(ErrorKind::kTimeout, "no upstream request slot for account " + account_.account +
                                                              " before the deadline (limit " +
                                                              ratelimit::to_string(account_.rate_limit) + ")");
    }

    const auto sent_at = deps_.clock.steady_now();
    adapters::AttemptContext attempt{deps_.clock.unix_now(), deps_.random.hex(16), key ? &*key : nullptr};
    const adapters::HttpRequest request = call.build(attempt);
    ++attempts_;
    auto response = co_await deps_.transport.send(account_.endpoint, request, state.attempt_deadline(sent_at, deadline_));
    adapters::CallResult result = boost::json::value();
    if (response) {
      auto decode = [&] { return call.decode(*response); };  // parsing a large reply is CPU work
      result = co_await adapters::offloaded<adapters::CallResult>(*this, std::move(decode));
    } else {
      result = response.error();
    }
    // A cloud's error text goes on to answers, logs and the CLI: bounded and escaped here, once.
    if (!result) result = adapters::CallResult(boost::system::in_place_error, adapters::displayable(result.error()));
    const auto now = deps_.clock.steady_now();

    AttemptReport report{account_.provider, account_.account, call.operation, "ok", now - sent_at, paced, false};
    if (result) {
      if (deps_.observe) deps_.observe(report);
      co_return result;
    }
    const UpstreamError& error = result.error();
    // A rotating credential the cloud refused (revoked, expired early): forget it and try once
    // with a new one, instead of failing every call until its planned refresh.
    if (error.kind == ErrorKind::kAuth && signed_with && !renewed_after_auth) {
      renewed_after_auth = true;
      account_.credentials->invalidate(*signed_with);
      if (deps_.observe) deps_.observe({account_.provider, account_.account, call.operation, "auth", now - sent_at, paced, true});
      base::log_warn("credential refused; renewing it", {{"provider", account_.provider},
                                                         {"account", account_.account},
                                                         {"source", account_.credentials->describe()},
                                                         {"error", adapters::describe(error)}});
      continue;
    }
    const auto step = state.on_failure(error, now, deadline_);
    report.outcome = adapters::to_string(error.kind);
    report.retried = step.decision == retry::RetryDecision::kYes;
    if (deps_.observe) deps_.observe(report);
    base::log_info("upstream attempt failed",
                   {{"provider", account_.provider},
                    {"account", account_.account},
                    {"operation", call.operation},
                    {"attempt", state.attempts()},
                    {"error", adapters::describe(error)},
                    {"decision", retry::to_string(step.decision)},
                    {"backoff_ms", std::chrono::duration_cast<std::chrono::milliseconds>(step.delay).count()}});
    if (step.decision != retry::RetryDecision::kYes) co_return result;
    co_await deps_.clock.sleep_until(now + step.delay);
  }
}

}  // namespace qg::quotas
