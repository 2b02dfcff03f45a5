#include "adapters/credentials/refreshing_provider.hpp"

#include <exception>
#include <utility>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/common/time.hpp"

namespace qg::credentials {

namespace net = boost::asio;
using adapters::ErrorKind;

// One caller waiting for the fetch in flight. The answer is stored under the provider's mutex
// and then signalled through a thread-safe channel: the channel buffers one signal, so a wake-up
// sent before the waiter starts receiving is not lost.
struct RefreshingProvider::Waiter {
  Waiter(net::any_io_executor executor, std::int64_t now_unix)
      : channel(std::move(executor), 1), now(now_unix) {}
  net::experimental::concurrent_channel<void(boost::system::error_code)> channel;
  const std::int64_t now;
  std::optional<CredentialsResult> answer;
};

RefreshingProvider::RefreshingProvider(std::string description, Fetch fetch, RefreshPolicy policy)
    : description_(std::move(description)), fetch_(std::move(fetch)), policy_(policy) {}

RefreshingProvider::~RefreshingProvider() = default;

std::string RefreshingProvider::describe() const {
  return description_;
}

void RefreshingProvider::invalidate(std::string_view rejected_id) {
  std::lock_guard lock(mutex_);
  // A fetch in flight still publishes its (newer) credential; one already renewed stays.
  if (cached_ && cached_->id.reveal() == rejected_id) cached_.reset();
}

std::size_t RefreshingProvider::fetches_started() const {
  std::lock_guard lock(mutex_);
  return fetches_;
}

bool RefreshingProvider::usable_locked(std::int64_t now) const {
  return cached_ && !is_expired(*cached_, now, expiry_skew_for(lifetime_, policy_.expiry_skew));
}

net::awaitable<CredentialsResult> RefreshingProvider::get(std::int64_t now_unix,
                                                          std::chrono::steady_clock::time_point deadline) {
  auto executor = co_await net::this_coro::executor;
  enum class Step { kServe, kWait, kFetch } step = Step::kFetch;
  std::optional<Credentials> serve;
  std::shared_ptr<Waiter> waiter;
  {
    std::lock_guard lock(mutex_);
    const bool usable = usable_locked(now_unix);
    if (usable && (in_flight_ || now_unix < refresh_at_)) {
      step = Step::kServe;  // fresh enough, or someone is already refreshing it
      serve = *cached_;
    } else if (in_flight_) {
      step = Step::kWait;  // nothing valid in hand: share the fetch in progress
      waiter = std::make_shared<Waiter>(executor, now_unix);
      waiters_.push_back(waiter);
    } else {
      in_flight_ = true;
      ++fetches_;
    }
  }
  if (step == Step::kServe) co_return std::move(*serve);
  if (step == Step::kWait) co_return co_await wait(std::move(waiter), deadline);
  co_return co_await fetch_and_publish(now_unix, deadline);
}

net::awaitable<CredentialsResult> RefreshingProvider::fetch_and_publish(
    std::int64_t now, std::chrono::steady_clock::time_point deadline) {
  std::optional<CredentialsResult> fetched;
  try {
    auto result = co_await fetch_(now, deadline);
    fetched.emplace(std::move(result));
  } catch (...) {
    publish(std::nullopt, now);  // the waiters must not hang on a fetch that threw
    throw;
  }
  co_return publish(std::move(fetched), now);
}

CredentialsResult RefreshingProvider::publish(std::optional<CredentialsResult> fetched, std::int64_t now) {
  adapters::UpstreamError failure =
      adapters::make_error(ErrorKind::kTransient, description_ + ": fetch abandoned");
  std::vector<std::shared_ptr<Waiter>> woken;
  CredentialsResult mine = failure;
  {
    std::lock_guard lock(mutex_);
    in_flight_ = false;
    bool stored = false;
    if (fetched && !*fetched) {
      failure = fetched->error();
    } else if (fetched && is_expired(**fetched, now,
                                     expiry_skew_for((*fetched)->expires_at.value_or(now) - now, policy_.expiry_skew))) {
      failure = adapters::make_error(ErrorKind::kTransient,
                                     description_ + " returned a credential expiring at " +
                                         adapters::format_rfc3339_utc(*(*fetched)->expires_at) +
                                         ", too soon to use");
    } else if (fetched) {
      cached_ = std::move(**fetched);
      lifetime_ = cached_->expires_at ? *cached_->expires_at - now : 0;
      refresh_at_ = refresh_time(*cached_, now, policy_.min_margin, policy_.retry_interval);
      stored = true;
    }
    if (!stored) refresh_at_ = now + policy_.retry_interval;
    for (auto& w : waiters_) w->answer = answer_locked(w->now, failure);
    woken.swap(waiters_);
    mine = answer_locked(now, failure);
  }
  for (auto& w : woken) w->channel.try_send(boost::system::error_code{});
  return mine;
}

CredentialsResult RefreshingProvider::answer_locked(std::int64_t now,
                                                    const adapters::UpstreamError& failure) const {
  if (usable_locked(now)) return *cached_;
  return failure;
}

net::awaitable<CredentialsResult> RefreshingProvider::wait(std::shared_ptr<Waiter> waiter,
                                                           std::chrono::steady_clock::time_point deadline) {
  using namespace net::experimental::awaitable_operators;
  net::steady_timer timer(waiter->channel.get_executor(), deadline);
  try {
    co_await (waiter->channel.async_receive(net::use_awaitable) || timer.async_wait(net::use_awaitable));
  } catch (const boost::system::system_error&) {
    // Both were cancelled: our caller is being cancelled. Answer below like a timeout.
  }
  std::optional<CredentialsResult> answer;
  {
    std::lock_guard lock(mutex_);
    answer = waiter->answer;
  }
  if (answer) co_return std::move(*answer);
  co_return adapters::make_error(ErrorKind::kTimeout, description_ +
                                                          ": deadline passed while waiting for the "
                                                          "credential fetch in progress");
}

}  // namespace qg::credentials
