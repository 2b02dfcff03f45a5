// RefreshingProvider over a scripted Fetch: cache, refresh ahead of expiry, single flight, old
// credential kept through a failed refresh, never an expired one. Time is the `now` each call
// passes in; nothing sleeps.

#include <deque>
#include <functional>
#include <memory>
#include <stdexcept>

#include <gtest/gtest.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/common/concurrency.hpp"
#include "adapters/credentials/refreshing_provider.hpp"
#include "tests/support/co_test.hpp"
#include "tests/unit/adapters/credentials/helpers.hpp"

namespace {

using namespace qg;
using namespace qg::credentials;
using namespace qg::credentials::testing;
namespace net = boost::asio;
using adapters::ErrorKind;
using Task = std::function<net::awaitable<CredentialsResult>()>;

// A Fetch answering from a queue. While held, every fetch waits until release().
struct ScriptedFetch {
  std::deque<std::function<CredentialsResult()>> answers;
  int calls = 0;
  std::shared_ptr<net::steady_timer> gate;

  void answer(CredentialsResult r) {
    answers.emplace_back([r = std::move(r)] { return r; });
  }
  void hold(net::any_io_executor ex) {
    gate = std::make_shared<net::steady_timer>(ex, std::chrono::steady_clock::time_point::max());
  }
  void release() {
    auto g = std::exchange(gate, nullptr);
    g->cancel();
  }
  Fetch fetch();
};

net::awaitable<CredentialsResult> run_scripted(ScriptedFetch* self) {
  ++self->calls;
  if (auto gate = self->gate) co_await gate->async_wait(net::as_tuple(net::use_awaitable));
  auto next = std::move(self->answers.front());
  self->answers.pop_front();
  co_return next();  // may throw, like a buggy fetch
}

Fetch ScriptedFetch::fetch() {
  return [this](std::int64_t, std::chrono::steady_clock::time_point) { return run_scripted(this); };
}

// Lets the other tasks run until `ready`, then opens the gate.
net::awaitable<CredentialsResult> release_when(ScriptedFetch& f, std::function<bool()> ready) {
  auto ex = co_await net::this_coro::executor;
  while (!ready()) co_await net::post(ex, net::use_awaitable);
  f.release();
  co_return adapters::make_error(ErrorKind::kPermanent, "releaser");
}

adapters::UpstreamError failure(ErrorKind kind) {
  return adapters::make_error(kind, "scripted failure");
}

CO_TEST(RefreshingProvider, FetchesOnFirstUseThenServesTheCachedCredential) {
  ScriptedFetch f;
  f.answer(temporary("A", kNow + 3600));
  RefreshingProvider p("test", f.fetch());
  auto first = co_await p.get(kNow, far());
  auto later = co_await p.get(kNow + 2000, far());
  CO_ASSERT_TRUE(first && later);
  EXPECT_EQ(first->id.reveal(), "A");
  EXPECT_EQ(later->id.reveal(), "A");
  EXPECT_EQ(f.calls, 1);
}

CO_TEST(RefreshingProvider, RefreshesOnceInsideTheMarginBeforeExpiry) {
  ScriptedFetch f;
  f.answer(temporary("A", kNow + 3600));  // margin max(300, 3600 / 4) = 900 → refresh from kNow + 2700
  f.answer(temporary("B", kNow + 7200));
  RefreshingProvider p("test", f.fetch());
  auto warm1 = co_await p.get(kNow, far());
  (void)warm1;
  auto before = co_await p.get(kNow + 2699, far());
  EXPECT_EQ(before->id.reveal(), "A");
  EXPECT_EQ(f.calls, 1);
  auto inside = co_await p.get(kNow + 2700, far());
  CO_ASSERT_TRUE(inside);
  EXPECT_EQ(inside->id.reveal(), "B");
  EXPECT_EQ(f.calls, 2);
}

CO_TEST(RefreshingProvider, ConcurrentCallersWithNothingCachedShareOneFetch) {
  ScriptedFetch f;
  f.answer(temporary("A", kNow + 3600));
  auto ex = co_await net::this_coro::executor;  // own statement: see https_client.hpp
  f.hold(ex);
  RefreshingProvider p("test", f.fetch());
  auto get = [&p] { return p.get(kNow, far()); };
  std::vector<Task> tasks{get, get, get, [&f] { return release_when(f, [&f] { return f.calls > 0; }); }};
  auto results = co_await adapters::gather<CredentialsResult>(std::move(tasks));
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(results[i] && results[i]->id.reveal() == "A") << i;
  }
  EXPECT_EQ(f.calls, 1);
  EXPECT_EQ(p.fetches_started(), 1u);
}

CO_TEST(RefreshingProvider, CallersDuringARefreshOfAStillValidCredentialAreServedAtOnce) {
  ScriptedFetch f;
  f.answer(temporary("A", kNow + 3600));
  f.answer(temporary("B", kNow + 7200));
  RefreshingProvider p("test", f.fetch());
  auto warm2 = co_await p.get(kNow, far());
  (void)warm2;
  auto ex = co_await net::this_coro::executor;  // own statement: see https_client.hpp
  f.hold(ex);
  bool second_done = false;
  // A named vector: g++ 12 cannot destroy an initializer list inside a co_await expression.
  std::vector<Task> tasks{
      [&p] { return p.get(kNow + 3000, far()); },  // starts the refresh, waits for it
      [&]() -> net::awaitable<CredentialsResult> {
        auto r = co_await p.get(kNow + 3000, far());
        second_done = true;
        co_return r;
      },
      [&] { return release_when(f, [&] { return second_done; }); },
  };
  auto results = co_await adapters::gather<CredentialsResult>(std::move(tasks));
  EXPECT_EQ(results[0]->id.reveal(), "B");
  EXPECT_EQ(results[1]->id.reveal(), "A");  // answered while the gate was still closed
  EXPECT_EQ(f.calls, 2);
}

CO_TEST(RefreshingProvider, FailedRefreshKeepsServingTheStillValidCredential) {
  ScriptedFetch f;
  f.answer(temporary("A", kNow + 3600));
  f.answer(failure(ErrorKind::kTransient));
  f.answer(temporary("B", kNow + 7200));
  RefreshingProvider p("test", f.fetch());  // retry_interval 10 s
  auto warm3 = co_await p.get(kNow, far());
  (void)warm3;
  auto during_outage = co_await p.get(kNow + 3000, far());
  CO_ASSERT_TRUE(during_outage);
  EXPECT_EQ(during_outage->id.reveal(), "A");
  auto soon_after = co_await p.get(kNow + 3009, far());
  EXPECT_EQ(soon_after->id.reveal(), "A");
  EXPECT_EQ(f.calls, 2);  // not asked again before the retry interval
  auto retried = co_await p.get(kNow + 3010, far());
  EXPECT_EQ(retried->id.reveal(), "B");
  EXPECT_EQ(f.calls, 3);
}

CO_TEST(RefreshingProvider, ExpiredCredentialIsNeverReturnedWhenTheRefreshFails) {
  ScriptedFetch f;
  f.answer(temporary("A", kNow + 3600));
  f.answer(failure(ErrorKind::kNetwork));
  RefreshingProvider p("test", f.fetch());  // expiry_skew 30 s
  auto warm4 = co_await p.get(kNow, far());
  (void)warm4;
  auto late = co_await p.get(kNow + 3570, far());
  CO_ASSERT_TRUE(!late);
  EXPECT_EQ(late.error().kind, ErrorKind::kNetwork);
}

CO_TEST(RefreshingProvider, RevokedRoleServesTheOldCredentialUntilItRunsOutThenAuthError) {
  ScriptedFetch f;
  f.answer(temporary("A", kNow + 3600));
  f.answer(failure(ErrorKind::kAuth));  // the role was detached
  f.answer(failure(ErrorKind::kAuth));
  RefreshingProvider p("test", f.fetch());
  auto warm5 = co_await p.get(kNow, far());
  (void)warm5;
  auto still_valid = co_await p.get(kNow + 3000, far());
  EXPECT_EQ(still_valid->id.reveal(), "A");
  auto expired = co_await p.get(kNow + 3600, far());
  CO_ASSERT_TRUE(!expired);
  EXPECT_EQ(expired.error().kind, ErrorKind::kAuth);
}

CO_TEST(RefreshingProvider, FetchedCredentialTooCloseToExpiryIsAnError) {
  ScriptedFetch f;
  f.answer(temporary("A", kNow));  // already at its expiry: nothing can be signed with it
  RefreshingProvider p("test", f.fetch());
  auto r = co_await p.get(kNow, far());
  CO_ASSERT_TRUE(!r);
  EXPECT_EQ(r.error().kind, ErrorKind::kTransient);
}

CO_TEST(RefreshingProvider, NothingValidMeansTheNextCallFetchesAgain) {
  ScriptedFetch f;
  f.answer(failure(ErrorKind::kTimeout));
  f.answer(temporary("A", kNow + 3600));
  RefreshingProvider p("test", f.fetch());
  auto first = co_await p.get(kNow, far());
  EXPECT_EQ(first.error().kind, ErrorKind::kTimeout);
  auto second = co_await p.get(kNow, far());  // no negative caching: the caller decides on retries
  EXPECT_EQ(second->id.reveal(), "A");
}

CO_TEST(RefreshingProvider, AFetchErrorReachesEveryWaiter) {
  ScriptedFetch f;
  f.answer(failure(ErrorKind::kTransient));
  auto ex = co_await net::this_coro::executor;  // own statement: see https_client.hpp
  f.hold(ex);
  RefreshingProvider p("test", f.fetch());
  auto get = [&p] { return p.get(kNow, far()); };
  std::vector<Task> tasks{get, get, get, [&f] { return release_when(f, [&f] { return f.calls > 0; }); }};
  auto results = co_await adapters::gather<CredentialsResult>(std::move(tasks));
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(!results[i] && results[i].error().kind == ErrorKind::kTransient) << i;
  }
  EXPECT_EQ(f.calls, 1);
}

CO_TEST(RefreshingProvider, WaiterGivesUpAtItsOwnDeadline) {
  ScriptedFetch f;
  f.answer(temporary("A", kNow + 3600));
  auto ex = co_await net::this_coro::executor;  // own statement: see https_client.hpp
  f.hold(ex);
  RefreshingProvider p("test", f.fetch());
  bool waiter_done = false;
  // A named vector: g++ 12 cannot destroy an initializer list inside a co_await expression.
  std::vector<Task> tasks{
      [&p] { return p.get(kNow, far()); },
      [&]() -> net::awaitable<CredentialsResult> {
        auto r = co_await p.get(kNow, std::chrono::steady_clock::now() - std::chrono::seconds(1));
        waiter_done = true;
        co_return r;
      },
      [&] { return release_when(f, [&] { return waiter_done; }); },
  };
  auto results = co_await adapters::gather<CredentialsResult>(std::move(tasks));
  EXPECT_EQ(results[0]->id.reveal(), "A");
  EXPECT_TRUE(!results[1] && results[1].error().kind == ErrorKind::kTimeout);
}

CO_TEST(RefreshingProvider, FetchThatThrowsDoesNotWedgeTheProvider) {
  ScriptedFetch f;
  f.answers.emplace_back([]() -> CredentialsResult { throw std::runtime_error("bug"); });
  f.answer(temporary("A", kNow + 3600));
  RefreshingProvider p("test", f.fetch());
  bool threw = false;
  try {
    auto warm6 = co_await p.get(kNow, far());
    (void)warm6;
  } catch (const std::runtime_error&) {
    threw = true;
  }
  EXPECT_TRUE(threw);
  auto next = co_await p.get(kNow, far());
  EXPECT_EQ(next->id.reveal(), "A");
}

CO_TEST(RefreshingProvider, InvalidatedCredentialIsFetchedAgainOnTheNextCall) {
  ScriptedFetch f;
  f.answer(temporary("A", kNow + 3600));
  f.answer(temporary("B", kNow + 3600));
  RefreshingProvider p("test", f.fetch());
  auto first = co_await p.get(kNow, far());
  p.invalidate("A");  // the cloud API said the token was revoked
  auto second = co_await p.get(kNow + 1, far());
  EXPECT_EQ(first->id.reveal(), "A");
  EXPECT_EQ(second->id.reveal(), "B");
  EXPECT_EQ(f.calls, 2);
}

// Concurrent calls signed with A are all rejected; the first renews to B, a later one must not
// drop B for A's sake (one new credential per revocation, not one per call).
CO_TEST(RefreshingProvider, ALateRejectionOfAnOlderCredentialKeepsTheRenewedOne) {
  ScriptedFetch f;
  f.answer(temporary("A", kNow + 3600));
  f.answer(temporary("B", kNow + 3600));
  f.answer(temporary("C", kNow + 3600));
  RefreshingProvider p("test", f.fetch());
  co_await p.get(kNow, far());
  p.invalidate("A");
  auto renewed = co_await p.get(kNow + 1, far());
  p.invalidate("A");  // another call that was signed with A
  auto again = co_await p.get(kNow + 2, far());
  EXPECT_EQ(renewed->id.reveal(), "B");
  EXPECT_EQ(again->id.reveal(), "B");
  EXPECT_EQ(f.calls, 2);
}

}  // namespace
