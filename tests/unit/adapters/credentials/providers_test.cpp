// The fixed providers, and RefreshingProvider under real concurrency: many callers on several
// threads at once still share one fetch, and every one of them gets the credential.

#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/credentials/refreshing_provider.hpp"
#include "tests/support/co_test.hpp"
#include "tests/unit/adapters/credentials/helpers.hpp"

namespace {

using namespace qg;
using namespace qg::credentials;
using namespace qg::credentials::testing;
namespace net = boost::asio;
using adapters::ErrorKind;

CO_TEST(StaticProvider, ServesItsKeysAndRefusesAnExpiredToken) {
  StaticProvider keys(temporary("A", kNow + 100));
  auto fresh = co_await keys.get(kNow, far());
  EXPECT_EQ(fresh->id.reveal(), "A");
  auto expired = co_await keys.get(kNow + 100, far());
  CO_ASSERT_TRUE(!expired);
  EXPECT_EQ(expired.error().kind, ErrorKind::kAuth);
  EXPECT_EQ(keys.describe(), "scripted");
}

CO_TEST(UnavailableProvider, EveryCallIsAnAuthErrorSayingWhy) {
  UnavailableProvider none("TKE OIDC: TKE_REGION set but TKE_ROLE_ARN not");
  auto r = co_await none.get(kNow, far());
  CO_ASSERT_TRUE(!r);
  EXPECT_EQ(r.error().kind, ErrorKind::kAuth);
  EXPECT_NE(r.error().message.find("TKE_ROLE_ARN"), std::string::npos);
}

// A fetch that yields a few times, so callers on other threads arrive while it is in flight.
net::awaitable<CredentialsResult> slow_fetch(std::atomic<int>* calls) {
  calls->fetch_add(1);
  for (int i = 0; i < 8; ++i) {
    auto ex = co_await net::this_coro::executor;
    co_await net::post(ex, net::use_awaitable);
  }
  co_return temporary("A", kNow + 3600);
}

TEST(RefreshingProviderThreads, CallersOnSeveralThreadsShareOneFetch) {
  constexpr int kRounds = 20;
  constexpr int kCallers = 64;
  for (int round = 0; round < kRounds; ++round) {
    std::atomic<int> calls{0};
    std::atomic<int> served{0};
    RefreshingProvider p("threads", [&calls](std::int64_t, auto) { return slow_fetch(&calls); });
    net::io_context ioc;
    for (int i = 0; i < kCallers; ++i) {
      net::co_spawn(ioc, p.get(kNow, far()), [&served](std::exception_ptr e, CredentialsResult r) {
        if (!e && r && r->id.reveal() == "A") served.fetch_add(1);
      });
    }
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) threads.emplace_back([&ioc] { ioc.run(); });
    for (auto& t : threads) t.join();
    ASSERT_EQ(served.load(), kCallers) << "round " << round;
    ASSERT_EQ(calls.load(), 1) << "round " << round;
    ASSERT_EQ(p.fetches_started(), 1u);
  }
}

}  // namespace
