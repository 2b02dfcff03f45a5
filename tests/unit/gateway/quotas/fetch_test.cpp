// AccountCaller, the fetch loop, in simulated time against a scripted transport: a pacing slot
// per attempt, a fresh signature per attempt, retries by error class with full-jitter backoff
// and the provider's wait hint, and never past the fetch's deadline.

#include <set>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "gateway/quotas/fetch.hpp"
#include "gateway/ratelimit/local_pacer.hpp"
#include "tests/support/co_test.hpp"
#include "tests/support/fixed_random.hpp"
#include "tests/support/simulated_clock.hpp"
#include "tests/support/transports.hpp"

namespace {

using namespace qg;
using namespace std::chrono_literals;
namespace net = boost::asio;
using adapters::ErrorKind;

// One logical call whose request carries the attempt's timestamp and nonce, as a signed one does.
adapters::UpstreamCall signed_call() {
  adapters::UpstreamCall call;
  call.operation = "ListThings";
  call.build = [](const adapters::AttemptContext& attempt) {
    adapters::HttpRequest r;
    r.target = "/?ts=" + std::to_string(attempt.unix_now) + "&nonce=" + attempt.nonce;
    return r;
  };
  call.decode = [](const adapters::HttpResponse& response) -> adapters::CallResult {
    if (response.status == 200) return boost::json::value(boost::json::object{{"ok", true}});
    auto e = adapters::make_error(response.status == 429 ? ErrorKind::kThrottled
                                  : response.status == 401 ? ErrorKind::kAuth
                                                           : ErrorKind::kTransient,
                                  "status " + std::to_string(response.status));
    if (response.status == 429) e.retry_after = 2s;
    return e;
  };
  return call;
}

test::ScriptedReply reply(unsigned status) {
  test::ScriptedReply r;
  r.status = status;
  return r;
}

struct Loop {
  test::SimulatedClock clock;
  test::CountingRandom random;
  ratelimit::LocalPacer pacer{clock};
  test::ScriptedTransport transport{clock};
  std::vector<quotas::AttemptReport> reports;
  quotas::UpstreamDeps deps{clock, random, pacer, transport, retry_policy(),
                            [this](const quotas::AttemptReport& r) { reports.push_back(r); }};
  quotas::AccountUpstream account{"tencent-live", "acct", {}, ratelimit::RateLimit{2, 1s}};

  static retry::RetryPolicy retry_policy() {
    retry::RetryPolicy p;
    p.max_attempts = 4;
    p.base_delay = 200ms;
    p.max_delay = 5s;
    p.attempt_timeout = 1s;
    return p;
  }
};

TEST(FetchLoop, RetriesTransientFailuresWithAFreshSignatureAndAPacingSlotEachTime) {
  Loop loop;
  loop.transport.push(reply(503));
  loop.transport.push(reply(503));
  loop.transport.push(reply(200));
  adapters::CallResult result;
  std::size_t attempts = 0;
  test::run_simulated(loop.clock, [&]() -> net::awaitable<void> {
    quotas::AccountCaller caller(loop.deps, loop.account, loop.clock.steady_now() + 30s);
    result = co_await caller.call(signed_call());
    attempts = caller.attempts();
  }());
  EXPECT_TRUE(result);
  EXPECT_EQ(attempts, 3u);
  const auto sent = loop.transport.sent();
  ASSERT_EQ(sent.size(), 3u);
  std::set<std::string> targets;
  for (const auto& s : sent) targets.insert(s.request.target);
  EXPECT_EQ(targets.size(), 3u) << "every attempt is signed afresh (new nonce)";
  // 2/s with a 10 % margin: no two attempts closer than the pacing interval allows.
  for (std::size_t i = 1; i < sent.size(); ++i) EXPECT_GE(sent[i].at - sent[i - 1].at, 500ms);
  ASSERT_EQ(loop.reports.size(), 3u);
  EXPECT_EQ(loop.reports[0].outcome, "transient");
  EXPECT_TRUE(loop.reports[0].retried);
  EXPECT_EQ(loop.reports[2].outcome, "ok");
}

TEST(FetchLoop, DefiniteRefusalsAreNotRetried) {
  Loop loop;
  loop.transport.set_default(reply(401));
  adapters::CallResult result;
  test::run_simulated(loop.clock, [&]() -> net::awaitable<void> {
    quotas::AccountCaller caller(loop.deps, loop.account, loop.clock.steady_now() + 30s);
    result = co_await caller.call(signed_call());
  }());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kAuth);
  EXPECT_EQ(loop.transport.sent().size(), 1u);
}

TEST(FetchLoop, ThrottlingWaitsAtLeastTheProvidersHint) {
  Loop loop;
  loop.transport.push(reply(429));
  loop.transport.push(reply(200));
  test::run_simulated(loop.clock, [&]() -> net::awaitable<void> {
    quotas::AccountCaller caller(loop.deps, loop.account, loop.clock.steady_now() + 30s);
    auto r = co_await caller.call(signed_call());
    EXPECT_TRUE(r);
  }());
  const auto sent = loop.transport.sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_GE(sent[1].at - sent[0].at, 2s);
}

TEST(FetchLoop, AHangingUpstreamIsCutAtTheAttemptTimeoutAndTheLoopStopsAtTheDeadline) {
  Loop loop;
  test::ScriptedReply hang;
  hang.hang = true;
  loop.transport.set_default(hang);
  adapters::CallResult result;
  base::SteadyTime started{}, ended{};
  test::run_simulated(loop.clock, [&]() -> net::awaitable<void> {
    started = loop.clock.steady_now();
    quotas::AccountCaller caller(loop.deps, loop.account, started + 2500ms);
    result = co_await caller.call(signed_call());
    ended = loop.clock.steady_now();
  }());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kTimeout);
  EXPECT_LE(ended - started, 2500ms);
  for (const auto& s : loop.transport.sent()) {
    EXPECT_LE(s.deadline - s.at, 1s);              // the per-attempt timeout
    EXPECT_LE(s.deadline, started + 2500ms);       // never past the fetch's deadline
  }
  EXPECT_GE(loop.transport.sent().size(), 2u);
}

TEST(FetchLoop, NoPacingSlotBeforeTheDeadlineFailsAtOnceAsTheGatewaysOwnReason) {
  Loop loop;
  loop.account.rate_limit = ratelimit::RateLimit{1, 1min};
  test::run_simulated(loop.clock, [&]() -> net::awaitable<void> {
    const auto deadline = loop.clock.steady_now() + 5s;
    quotas::AccountCaller caller(loop.deps, loop.account, deadline);
    EXPECT_TRUE(co_await caller.call(signed_call()));
    const auto before = loop.clock.steady_now();
    auto second = co_await caller.call(signed_call());
    EXPECT_FALSE(second);
    EXPECT_EQ(loop.clock.steady_now(), before);  // failed without waiting
    EXPECT_TRUE(caller.local_failure() == problem::Local::kRateLimited);
  }());
  EXPECT_EQ(loop.transport.sent().size(), 1u);
  ASSERT_EQ(loop.reports.size(), 2u);
  EXPECT_EQ(loop.reports[1].outcome, "rate_limited");
}

}  // namespace

namespace {

// A credential source that hands out "key-1", "key-2", ... and counts what happens to it.
class CountingCredentials final : public credentials::CredentialProvider {
 public:
  bool fail = false;
  int handed = 0;
  int invalidated = 0;
  net::awaitable<credentials::CredentialsResult> get(std::int64_t, std::chrono::steady_clock::time_point) override {
    if (fail) co_return adapters::make_error(ErrorKind::kNetwork, "metadata service unreachable");
    credentials::Credentials c;
    c.id = adapters::Secret("key-" + std::to_string(handed + 1 - (cached_ ? 1 : 0)));
    if (!cached_) ++handed;
    cached_ = true;
    c.secret = adapters::Secret("secret");
    co_return c;
  }
  std::string describe() const override { return "counting"; }
  void invalidate(std::string_view) override {
    ++invalidated;
    cached_ = false;
  }

 private:
  bool cached_ = false;
};

adapters::UpstreamCall keyed_call() {
  auto call = signed_call();
  call.build = [](const adapters::AttemptContext& attempt) {
    adapters::HttpRequest r;
    r.target = "/?key=" + (attempt.key ? attempt.key->id.reveal() : std::string("static"));
    return r;
  };
  return call;
}

TEST(FetchLoop, EachAttemptIsSignedWithTheAccountsCurrentRotatingCredential) {
  Loop loop;
  auto creds = std::make_shared<CountingCredentials>();
  loop.account.credentials = creds;
  loop.transport.set_default(reply(200));
  test::run_simulated(loop.clock, [&]() -> net::awaitable<void> {
    quotas::AccountCaller caller(loop.deps, loop.account, loop.clock.steady_now() + 30s);
    auto call = keyed_call();
    EXPECT_TRUE(co_await caller.call(call));
    EXPECT_TRUE(co_await caller.call(call));
  }());
  ASSERT_EQ(loop.transport.sent().size(), 2u);
  EXPECT_EQ(loop.transport.sent()[1].request.target, "/?key=key-1");
}

TEST(FetchLoop, ARefusedRotatingCredentialIsDroppedAndTheCallTriedOnceWithANewOne) {
  Loop loop;
  auto creds = std::make_shared<CountingCredentials>();
  loop.account.credentials = creds;
  loop.transport.push(reply(401));  // revoked early
  loop.transport.set_default(reply(200));
  adapters::CallResult result;
  test::run_simulated(loop.clock, [&]() -> net::awaitable<void> {
    quotas::AccountCaller caller(loop.deps, loop.account, loop.clock.steady_now() + 30s);
    result = co_await caller.call(keyed_call());
  }());
  EXPECT_TRUE(result);
  EXPECT_EQ(creds->invalidated, 1);
  ASSERT_EQ(loop.transport.sent().size(), 2u);
  EXPECT_EQ(loop.transport.sent()[0].request.target, "/?key=key-1");
  EXPECT_EQ(loop.transport.sent()[1].request.target, "/?key=key-2");

  // Refused again with the new one: that is the answer (an auth error), not a loop.
  Loop again;
  auto second = std::make_shared<CountingCredentials>();
  again.account.credentials = second;
  again.transport.set_default(reply(401));
  test::run_simulated(again.clock, [&]() -> net::awaitable<void> {
    quotas::AccountCaller caller(again.deps, again.account, again.clock.steady_now() + 30s);
    result = co_await caller.call(keyed_call());
  }());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kAuth);
  EXPECT_EQ(again.transport.sent().size(), 2u);
}

TEST(FetchLoop, NoCredentialMeansTheCloudIsNotAskedAndTheCallerSaysWhy) {
  Loop loop;
  auto creds = std::make_shared<CountingCredentials>();
  creds->fail = true;
  loop.account.credentials = creds;
  loop.transport.set_default(reply(200));
  adapters::CallResult result;
  bool credentials_failed = false;
  test::run_simulated(loop.clock, [&]() -> net::awaitable<void> {
    quotas::AccountCaller caller(loop.deps, loop.account, loop.clock.steady_now() + 30s);
    result = co_await caller.call(keyed_call());
    credentials_failed = caller.credentials_failed();
  }());
  ASSERT_FALSE(result);
  EXPECT_TRUE(credentials_failed);  // the service keeps this away from the cloud's breaker
  EXPECT_NE(result.error().message.find("no credential from counting"), std::string::npos);
  EXPECT_TRUE(loop.transport.sent().empty());
}

}  // namespace
