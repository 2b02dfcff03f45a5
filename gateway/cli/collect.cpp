#include "gateway/cli/collect.hpp"

#include <exception>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "adapters/common/https_client.hpp"
#include "gateway/app/wiring.hpp"
#include "gateway/base/random.hpp"
#include "gateway/base/task_group.hpp"
#include "gateway/cache/record_cache.hpp"
#include "gateway/ratelimit/local_pacer.hpp"

namespace qg::cli {
namespace {

namespace net = boost::asio;

// The fetches end at `timeout` on their own (each attempt is clamped to it) and report what
// went wrong there; the wait for them ends a little later, only as a safety net, so that the
// cache's "the fetch goes on" (untrue here: nothing outlives the run) is not what a person reads.
constexpr std::chrono::milliseconds kWaitGrace{500};

// Everything one run needs, declared in the order it may be destroyed backwards: the service's
// accounts hold credential providers that use the client; the cache's fetches run in the group.
struct World {
  explicit World(const config::GatewayConfig& config, std::chrono::milliseconds timeout, Collection& out)
      : cache(cache::RecordCacheDeps{cache::CachePolicy{}, clock, random, ioc.get_executor(), background}),
        service(service_deps(config, timeout, out), app::build_accounts(config, client)) {}

  quotas::ServiceDeps service_deps(const config::GatewayConfig& config, std::chrono::milliseconds timeout,
                                   Collection& out) {
    // Called as each account's answer arrives: that instant is the account's time.
    auto observe = [this, &out](const quotas::SourceReport& r, cache::CacheState) {
      out.seconds[r.account] = std::chrono::duration<double>(clock.steady_now() - started).count();
    };
    return quotas::ServiceDeps{quotas::UpstreamDeps{clock, random, pacer, client, config.retry, {}}, cache,
                               timeout, observe};
  }

  net::io_context ioc{1};
  base::SystemClock clock;
  base::SystemRandom random;
  base::SteadyTime started = clock.steady_now();
  adapters::HttpsClient client{ioc.get_executor()};
  ratelimit::LocalPacer pacer{clock};
  base::TaskGroup background;
  cache::RecordCache cache;
  quotas::QuotaService service;
};

net::awaitable<void> run(World& world, quotas::CollectRequest request, Collection& out) {
  out.sources = co_await world.service.collect(std::move(request));
  // A fetch the deadline gave up on still runs in the cache's task group: end it here, so the
  // io_context runs out of work and nothing outlives the world.
  world.background.cancel();
  co_await world.background.join();
  world.client.close_idle();
}

}  // namespace

Collection collect_once(const config::GatewayConfig& config, const CollectOptions& options) {
  Collection out;
  World world(config, options.timeout, out);
  quotas::CollectRequest request{options.selects, options.refresh, std::nullopt,
                                 world.clock.steady_now() + options.timeout + kWaitGrace};
  world.started = world.clock.steady_now();
  net::co_spawn(world.ioc, run(world, std::move(request), out), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);  // a bug: out of ioc.run(), to main's handler
  });
  world.ioc.run();
  return out;
}

}  // namespace qg::cli
