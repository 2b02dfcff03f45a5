#include "gateway/app/application.hpp"

#include <unistd.h>

#include <csignal>

#include <malloc.h>

#include <algorithm>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/common/https_client.hpp"
#include "gateway/app/command_line.hpp"
#include "gateway/app/demo.hpp"
#include "gateway/app/pool_metrics.hpp"
#include "gateway/app/self_check.hpp"
#include "gateway/app/wiring.hpp"
#include "gateway/base/cpu_pool.hpp"
#include "gateway/base/event.hpp"
#include "gateway/base/log.hpp"
#include "gateway/base/metrics.hpp"
#include "gateway/quotas/exposition.hpp"
#include "gateway/refresh/refresher.hpp"
#include "gateway/reload/plan.hpp"
#include "gateway/reload/reloader.hpp"
#include "gateway/config/files.hpp"
#include "gateway/config/keys.hpp"
#include "gateway/history/memory_backend.hpp"
#include "gateway/history/redis_backend.hpp"
#include "gateway/history/sqlite_backend.hpp"
#include "gateway/http/handlers/history_handler.hpp"
#include "gateway/base/random.hpp"
#include "gateway/base/task_group.hpp"
#include "gateway/cache/record_cache.hpp"
#include "gateway/cache/redis_store.hpp"
#include "gateway/config/load.hpp"
#include "gateway/http/front_door.hpp"
#include "gateway/http/handlers/basic_handlers.hpp"
#include "gateway/http/handlers/pages_handler.hpp"
#include "gateway/http/display.hpp"
#include "gateway/http/handlers/pools_handler.hpp"
#include "gateway/http/handlers/quotas_handler.hpp"
#include "gateway/http/server.hpp"
#include "gateway/quotas/service.hpp"
#include "gateway/ratelimit/local_pacer.hpp"
#include "gateway/ratelimit/redis_pacer.hpp"
#include "gateway/redis/client.hpp"
#include "openapi/spec.hpp"

namespace qg::app {

namespace net = boost::asio;

struct Application::Impl {
  config::GatewayConfig config;  // in force: a reload replaces its reloadable parts
  std::optional<ConfigSource> source;
  // One single-threaded io_context per thread: the one acceptor hands each connection to a
  // context in turn and it stays there; background work (fetches, Redis, signals) runs on the first.
  std::vector<std::unique_ptr<net::io_context>> contexts;
  net::io_context& ioc;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> work;
  std::vector<std::thread> threads;

  base::SystemClock clock;
  base::SystemRandom random;
  base::Metrics metrics;
  // CPU-heavy work (replies, indexing, exposition) beside the serving threads; declared before
  // everything that hands it jobs, so it is joined after they are gone.
  base::CpuPool workers{clock, config.worker_threads > 0 ? static_cast<std::size_t>(config.worker_threads)
                                                         : base::CpuPool::default_threads()};
  std::unique_ptr<DemoEnvironment> demo;
  std::unique_ptr<adapters::HttpsClient> client;
  std::unique_ptr<ratelimit::Pacer> pacer;
  std::unique_ptr<redis::Client> redis;
  std::unique_ptr<cache::RedisStore> shared;
  base::TaskGroup background;
  std::unique_ptr<cache::RecordCache> cache;
  std::unique_ptr<quotas::QuotaService> service;
  std::unique_ptr<quotas::QuotaExposition> exposition;
  std::unique_ptr<PoolMetrics> pool_metrics;
  std::unique_ptr<refresh::Refresher> refresher;
  std::unique_ptr<history::HistoryService> history;
  http::Readiness readiness;
  client_limits::Limiter limiter{config.client_limits};
  quotas::ExportBudget exports{config.exports};
  base::Event overdue{ioc.get_executor()};  // the drain grace is over: answer from the cache
  http::Router router;
  std::unique_ptr<http::FrontDoor> front;
  std::unique_ptr<http::HttpServer> server;
  http::Router metrics_router;
  std::unique_ptr<http::FrontDoor> metrics_front;
  std::unique_ptr<http::HttpServer> metrics_server;
  std::uint16_t port = 0;
  std::uint16_t metrics_port = 0;
  std::optional<net::signal_set> signals;
  std::unique_ptr<reload::Reloader> reloader;

  std::mutex mutex;
  std::condition_variable stopped_cv;
  bool stopping = false;
  bool stopped = false;

  static std::vector<std::unique_ptr<net::io_context>> make_contexts(int n) {
    std::vector<std::unique_ptr<net::io_context>> out;
    for (int i = 0; i < n; ++i) out.push_back(std::make_unique<net::io_context>(1));
    return out;
  }

  Impl(config::GatewayConfig c, std::optional<ConfigSource> s)
      : config(std::move(c)),
        source(std::move(s)),
        contexts(make_contexts(config.threads > 0 ? config.threads
                                                  : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())))),
        ioc(*contexts.front()) {}

  int thread_count() const {
    return config.threads > 0 ? config.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  }

  void build() {
    if (config.accounts.empty() && !config.demo) {
      base::log_warn("no accounts configured: /quotas will answer with an empty list");
    }
    client = std::make_unique<adapters::HttpsClient>(ioc.get_executor());
    if (config.redis) {
      build_redis();
    } else {
      pacer = std::make_unique<ratelimit::LocalPacer>(clock);
    }
    build_service();
    sample_metrics();
    build_routes();
    build_front_door();
    build_metrics_listener();
    build_reloader();
  }

  void build_reloader() {
    if (!source) return;
    reload::ReloaderDeps deps{clock, config.reload.watch_interval, [](const std::string& path) -> std::optional<std::string> {
                                auto content = config::read_regular_file(path, config::kMaxConfigFileBytes);
                                return content ? std::optional<std::string>(std::move(*content)) : std::nullopt;
                              },
                              [this]() -> boost::system::result<reload::Loaded, std::string> {
                                try {
                                  reload::Loaded loaded;
                                  loaded.files = load_tracked(source->path, source->listen, loaded.config, true).files;
                                  return loaded;
                                } catch (const config::ConfigError& e) {
                                  if (e.auth) revoke_unlisted_keys(*e.auth);
                                  return boost::system::result<reload::Loaded, std::string>(
                                      boost::system::in_place_error, e.what());
                                }
                              },
                              [this](const config::GatewayConfig& next) { return apply_config(next); },
                              [this](bool applied) {
                                metrics.observe_config_reload(applied, std::chrono::duration<double>(
                                                                           clock.system_now().time_since_epoch()).count());
                              }};
    reloader = std::make_unique<reload::Reloader>(std::move(deps), source->files);
  }

  // A refused reload still revokes the keys it no longer lists (and adds none): revocation
  // fails closed whatever else is wrong with the file.
  void revoke_unlisted_keys(const config::AuthConfig& listed) {
    auto kept = reload::revoke_unlisted(config.auth, listed);
    if (kept == config.auth) return;
    config::GatewayConfig revoked = config;
    revoked.auth = std::move(kept);
    front->reconfigure(front_door_policy(revoked));
    config.auth = revoked.auth;
    base::log_warn("the refused configuration no longer lists some API keys: those are revoked now",
                   {{"keys_in_force", config.auth.api_keys.size()}});
  }

  // A configuration that loaded, applied: everything is built before anything changes, so a
  // failure leaves the running configuration whole (except keys it revokes).
  std::optional<std::string> apply_config(const config::GatewayConfig& loaded) {
    const auto auth = reload::auth_after_reload(config.auth, loaded.auth);
    config::GatewayConfig next = loaded;
    next.auth = auth.auth;
    const auto plan = reload::plan_reload(config, next);
    std::vector<quotas::AccountChange> accounts;
    try {
      for (const auto& a : next.accounts) {
        const bool kept = std::find(plan.kept.begin(), plan.kept.end(), a.name) != plan.kept.end();
        accounts.push_back({a.name, kept ? std::nullopt
                                         : std::optional<quotas::Account>(build_account(a, config.circuit_breaker, *client))});
      }
      if (plan.front_door) front->reconfigure(front_door_policy(next));
    } catch (const std::exception& e) {
      revoke_unlisted_keys(next.auth);
      return std::string(e.what());
    }
    log_auth_change(auth);
    service->replace_accounts(std::move(accounts));
    if (plan.client_limits) limiter.set_policy(next.client_limits);
    if (plan.log_level) base::set_log_level(next.log.level);
    refresher->sync();
    config = reload::in_force(config, next);
    log_reload(plan);
    return std::nullopt;
  }

  static void log_auth_change(const reload::AuthAfterReload& auth) {
    switch (auth.change) {
      case reload::AuthChange::kNone:
        return;
      case reload::AuthChange::kSwitchedOff:
        base::log_warn("WARNING: authentication switched off by auth.enabled: false; every route is served without "
                       "an API key");
        return;
      case reload::AuthChange::kEveryKeyRevoked:
      case reload::AuthChange::kSectionRemoved:
        base::log_error("no API key is in force: every key is revoked and every request that needs one is refused "
                        "(401) until keys are configured again",
                        {{"reason", auth.auth.no_key_reason}});
        return;
    }
  }

  static void log_reload(const reload::ReloadPlan& plan) {
    auto names = [](const std::vector<std::string>& list) {
      std::string out;
      for (const auto& n : list) out += (out.empty() ? "" : ",") + n;
      return out;
    };
    base::log_info("configuration reloaded", {{"accounts_added", names(plan.added)},
                                              {"accounts_removed", names(plan.removed)},
                                              {"accounts_changed", names(plan.changed)},
                                              {"front_door", plan.front_door},
                                              {"client_limits", plan.client_limits}});
    for (const auto& key : plan.needs_restart) {
      base::log_warn("a changed setting takes effect after a restart; the running value stays", {{"key", key}});
    }
  }

  // The embedded SQLite file, or Redis when replicas share state; a file that cannot be used is a
  // start-up error naming history.path.
  void build_history() {
    if (!config.history.enabled) return;
    std::unique_ptr<history::HistoryBackend> backend;
    if (redis) {
      backend = std::make_unique<history::RedisBackend>(*redis, config.redis->key_prefix);
    } else if (config.demo || config.history.path == ":memory:") {
      auto memory = std::make_unique<history::MemoryBackend>();  // demo mode writes nothing to disk
      if (demo) memory->preload(demo->simulated_history(clock.unix_now()));
      backend = std::move(memory);
    } else {
      try {
        backend = std::make_unique<history::SqliteBackend>(std::make_unique<history::SqliteStore>(config.history.path));
      } catch (const history::HistoryError& e) {
        throw config::ConfigError("history.path: " + std::string(e.what()));
      }
    }
    history = std::make_unique<history::HistoryService>(config.history.policy, std::move(backend), clock,
                                                        net::make_strand(ioc), background);
  }

  void build_service() {
    build_history();
    cache::RecordCacheDeps cache_deps{config.cache, clock, random, net::make_strand(ioc), background};
    cache_deps.shared = shared.get();
    cache_deps.lock_ttl = config.request_deadline + std::chrono::seconds(1);
    cache_deps.on_store_fallback = [this](std::string_view what) { metrics.count_redis_fallback(what); };
    if (history) {
      cache_deps.on_adopted = [this](const std::string&, const cache::RecordSet& set, base::SystemTime at) {
        history->on_adopted(set.records, std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count());
      };
    }
    cache = std::make_unique<cache::RecordCache>(std::move(cache_deps));
    auto on_attempt = [this](const quotas::AttemptReport& a) {
      metrics.observe_upstream(a.provider, a.account, a.outcome, std::chrono::duration<double>(a.latency).count(),
                               std::chrono::duration<double>(a.paced).count(), a.retried);
    };
    auto on_source = [this](const quotas::SourceReport& r, cache::CacheState state) {
      metrics.observe_cache(r.provider, r.account, cache::to_string(state));
    };
    quotas::ServiceDeps deps{quotas::UpstreamDeps{clock, random, *pacer, *client, config.retry, on_attempt, &workers},
                             *cache, config.request_deadline, on_source};
    deps.state_counter = [this](const quotas::SourceReport& r, cache::CacheState state) {
      return metrics.cache_counter(r.provider, r.account, cache::to_string(state));
    };
    if (history) deps.on_fetched = [this](adapters::RecordList& records) { history->on_fetched(records); };
    deps.refresh_budget_share = config.refresh.budget_share;
    service = std::make_unique<quotas::QuotaService>(std::move(deps), build_accounts(config, *client));
    pool_metrics = std::make_unique<PoolMetrics>(*service, history.get(), config.exporter.pool_waste_ratio);
    exposition = std::make_unique<quotas::QuotaExposition>(
        *service, quotas::ExpositionOptions{config.exporter, config.cache.ttl, config.refresh.stale_after_ttls}, &workers);
    refresher = std::make_unique<refresh::Refresher>(
        refresh::RefresherDeps{*service, clock, random, config.refresh, config.cache.ttl, {}});
  }

  // What the pool and the exports hold, read at every scrape.
  void sample_metrics() {
    metrics.sample("quotagw_worker_jobs_queued", "CPU-heavy jobs (reading replies, indexing sets, rendering) waiting "
                   "for a worker thread", false, [this] { return static_cast<double>(workers.stats().queued); });
    metrics.sample("quotagw_worker_jobs_running", "CPU-heavy jobs running on a worker thread now", false,
                   [this] { return static_cast<double>(workers.stats().running); });
    metrics.sample("quotagw_worker_jobs_abandoned_total", "CPU-heavy jobs dropped unrun because their fetch's "
                   "deadline had passed", true, [this] { return static_cast<double>(workers.stats().abandoned); });
    metrics.sample("quotagw_exports_active", "Streamed exports (CSV, NDJSON without page_size) in progress", false,
                   [this] { return static_cast<double>(exports.stats().active); });
    metrics.sample("quotagw_exports_pinned_bytes", "Memory the exports in progress hold: their record sets, each "
                   "once, and their rows", false, [this] { return static_cast<double>(exports.stats().pinned_bytes); });
    metrics.sample("quotagw_exports_refused_total", "Exports answered 503 past exports.max_concurrent or "
                   "exports.max_pinned_bytes", true, [this] { return static_cast<double>(exports.stats().refused); });
    metrics.sample("quotagw_exports_cut_total", "Exports that ended before their last row: the total deadline, a "
                   "stalled or vanished reader", true, [this] { return static_cast<double>(exports.stats().cut); });
  }

  void build_routes() {
    http::QuotasHandlerOptions quotas_options;
    quotas_options.request_deadline = config.request_deadline;
    quotas_options.page_token_key = page_token_key();
    quotas_options.overdue = &overdue;
    quotas_options.limiter = &limiter;
    quotas_options.on_limited = [this](std::string_view policy) { metrics.count_client_limited(policy); };
    quotas_options.exports = &exports;
    router.add({"/quotas", boost::beast::http::verb::get, http::quotas_handler(*service, quotas_options), true, true});
    http::PoolsHandlerOptions pools_options{config.request_deadline, page_token_key(), &overdue};
    router.add({"/pools", boost::beast::http::verb::get, http::pools_handler(*service, history.get(), pools_options),
                true, true});
    router.add({"/pools/{id}", boost::beast::http::verb::get, http::pool_handler(*service, history.get(), pools_options),
                true, true});
    if (history) {
      router.add({"/quotas/{id}/history", boost::beast::http::verb::get, http::history_handler(*service, *history),
                  true, true});
    }
    router.add({"/openapi.json", boost::beast::http::verb::get, http::openapi_json_handler(), false});
    router.add({"/openapi.yaml", boost::beast::http::verb::get, http::openapi_yaml_handler(), false});
    router.add({"/healthz", boost::beast::http::verb::get, http::health_handler(), false});
    router.add({"/livez", boost::beast::http::verb::get, http::health_handler(), false});
    router.add({"/readyz", boost::beast::http::verb::get, http::ready_handler(readiness), false});
    add_scrape_routes(router, true);
    http::add_page_routes(router, config.docs_dir);
  }

  // /metrics and the probes; on the metrics listener /metrics needs no key (Prometheus reaches
  // that port only).
  void add_scrape_routes(http::Router& r, bool metrics_need_key) {
    r.add({"/metrics", boost::beast::http::verb::get, http::metrics_handler([this]() -> net::awaitable<std::function<bool(std::string&)>> {
             auto quota = co_await exposition->render();
             auto head = std::make_shared<const std::string>(metrics.serialize() + history_metrics() + *quota.sources +
                                                             *pool_metrics->render());
             auto packages = std::make_shared<quotas::PackageFamilyStream>(std::move(quota.packages));
             co_return [head = std::move(head), packages = std::move(packages)](std::string& out) mutable {
               if (head) {  // the process' and the sources' families first, then the packages'
                 out.append(*head);
                 head.reset();
                 return true;
               }
               return packages->next(out);
             };
           }), metrics_need_key});
    if (&r == &router) return;
    r.add({"/healthz", boost::beast::http::verb::get, http::health_handler(), false});
    r.add({"/livez", boost::beast::http::verb::get, http::health_handler(), false});
    r.add({"/readyz", boost::beast::http::verb::get, http::ready_handler(readiness), false});
  }

  void build_metrics_listener() {
    if (!config.metrics_listen) return;
    add_scrape_routes(metrics_router, false);
    http::FrontDoorOptions options;
    options.observe = observer();
    metrics_front = std::make_unique<http::FrontDoor>(metrics_router, std::move(options), clock, random);
    metrics_server = std::make_unique<http::HttpServer>(std::vector<net::any_io_executor>{ioc.get_executor()},
                                                        *metrics_front, config.limits, overdue);
  }

  std::function<void(const http::Request&, std::string_view, const http::Response&, std::chrono::nanoseconds)>
  observer() {
    return [this](const http::Request& req, std::string_view route, const http::Response& res,
                  std::chrono::nanoseconds took) {
      metrics.observe_http(route, http::method_label(req.method_string), res.status,
                           std::chrono::duration<double>(took).count());
    };
  }

  static http::FrontDoorPolicy front_door_policy(const config::GatewayConfig& c) {
    http::FrontDoorPolicy p;
    p.require_auth = c.auth.enabled;
    if (c.auth.enabled) p.api_keys = c.auth.api_keys;
    p.cors_origins = c.cors.allowed_origins;
    p.cors_max_age = std::chrono::duration_cast<std::chrono::seconds>(c.cors.max_age);
    p.trusted_proxies = c.trusted_proxies;
    return p;
  }

  void build_front_door() {
    http::FrontDoorOptions front_options;
    front_options.policy = front_door_policy(config);
    front_options.base_path = config.base_path;
    front_options.limiter = &limiter;
    front_options.on_limited = [this](std::string_view policy) { metrics.count_client_limited(policy); };
    front_options.observe = observer();
    front_options.in_flight = [this](int delta) { metrics.add_in_flight(delta); };
    front = std::make_unique<http::FrontDoor>(router, std::move(front_options), clock, random);

    std::vector<net::any_io_executor> executors;
    for (auto& context : contexts) executors.push_back(context->get_executor());
    server = std::make_unique<http::HttpServer>(std::move(executors), *front, config.limits, overdue);
  }

  // Redis mode: one cache and one rate budget per account across replicas; local fallbacks
  // keep every request served while Redis is down.
  void build_redis() {
    const redis::RedisUrl* url = &config.redis->url;
    redis::ClientOptions options;
    options.timeout = config.redis->timeout;
    redis = std::make_unique<redis::Client>(ioc.get_executor(), *url, options);
    redis->on_state_change([this, shown = url->display()](bool up) {
      metrics.set_redis_up(up);
      if (up) base::log_info("redis is back: shared cache and rate limits resume", {{"redis", shown}});
      else base::log_warn("redis is unreachable: serving from the local cache and local rate limits", {{"redis", shown}});
    });
    metrics.set_redis_up(true);
    auto on_fallback = [this](std::string_view what) { metrics.count_redis_fallback(what); };
    auto redis_pacer = std::make_unique<ratelimit::RedisPacer>(*redis, clock, config.redis->key_prefix,
                                                               config.redis->local_share);
    redis_pacer->on_fallback = on_fallback;
    pacer = std::move(redis_pacer);
    shared = std::make_unique<cache::RedisStore>(*redis, config.redis->key_prefix, &workers);
    base::log_info("redis mode: cache and rate limits shared with other replicas", {{"redis", url->display()}});
  }

  // Page tokens must verify on every replica behind a load balancer without extra setup, so
  // the key derives from a configured secret: page_token_secret, else the accounts' static
  // secrets (never revealed: only an HMAC key). Demo credentials are public, and without any
  // secret there is nothing to share: then the key is this process's own random one.
  std::string page_token_key() {
    std::string material = "quota-gateway page token v1|" + config.page_token_secret.reveal();
    bool secret = !config.page_token_secret.empty();
    for (const auto& a : config.accounts) {
      material += "|" + a.name + "|" + a.secret_key.reveal() + a.access_key_secret.reveal();
      secret = secret || !a.secret_key.empty() || !a.access_key_secret.empty();
    }
    if (config.demo || !secret) {
      if (!config.demo) base::log_warn("page tokens are signed with a per-process key: set page_token_secret so "
                                       "every replica accepts the others' tokens");
      return random.hex(32);
    }
    return material;
  }

  std::string history_metrics() const {
    if (!history) return {};
    const auto s = history->stats();
    return "# HELP quotagw_history_up 1 while the usage history store answers\n# TYPE quotagw_history_up gauge\n"
           "quotagw_history_up{store=\"" + std::string(history->backend_name()) + "\"} " + (s.up ? "1" : "0") +
           "\n# HELP quotagw_history_samples_written_total Usage samples written to the history store\n"
           "# TYPE quotagw_history_samples_written_total counter\nquotagw_history_samples_written_total " +
           std::to_string(s.samples_written) +
           "\n# HELP quotagw_history_write_failures_total Batches of samples the history store refused\n"
           "# TYPE quotagw_history_write_failures_total counter\nquotagw_history_write_failures_total " +
           std::to_string(s.write_failures) + "\n";
  }

  net::awaitable<void> warm_up() {
    // Readiness means "a first fetch was attempted for every account", whatever its outcome:
    // an outage at one cloud must not keep every replica out of rotation.
    // History first, so the first fetch already continues every package's series.
    if (history) {
      co_await history->warm_up();
      history->start_pruning();
    }
    quotas::CollectRequest request;
    request.deadline = clock.steady_now() + config.request_deadline;
    co_await service->collect(request);
    // From here on every account is kept fresh between requests (unless a shutdown began meanwhile).
    if (!readiness.shutting_down) refresher->start(net::make_strand(ioc), background);
    if (reloader && !readiness.shutting_down) reloader->start(net::make_strand(ioc), background);
    readiness.started = true;
    base::log_info("ready", {{"accounts", service->accounts()->accounts.size()}});
  }

  net::awaitable<void> shutdown() {
    // Not ready first, so load balancers polling /readyz take this replica out of rotation
    // while it still answers; then stop accepting and drain.
    readiness.shutting_down = true;
    if (config.shutdown_delay.count() > 0) {
      base::log_info("not ready; draining starts after the shutdown delay",
                     {{"delay_ms", static_cast<std::int64_t>(config.shutdown_delay.count())}});
      co_await clock.sleep_for(config.shutdown_delay);
    }
    base::log_info("shutting down: draining connections",
                   {{"grace_ms", static_cast<std::int64_t>(config.shutdown_grace.count())}});
    co_await server->drain(config.shutdown_grace);
    if (metrics_server) co_await metrics_server->drain(std::chrono::milliseconds(0));
    background.cancel();
    co_await background.join();
    if (demo) demo->stop();
    client->close_idle();
    if (signals) signals->cancel();
    work.clear();
    base::log_info("stopped");
    {
      std::lock_guard lock(mutex);
      stopped = true;
    }
    stopped_cv.notify_all();
  }
};

Application::Application(config::GatewayConfig config, std::optional<ConfigSource> source)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(source))) {}

Application::~Application() {
  stop();
  wait();
}

std::uint16_t Application::start() {
  auto& s = *impl_;
  if (s.config.demo) s.demo = std::make_unique<DemoEnvironment>(s.ioc.get_executor(), s.config);
  s.build();
  s.port = s.server->listen(s.config.listen.host, s.config.listen.port);
  if (s.config.auth.switched_off) base::log_warn("authentication is off: auth.enabled is false");
  else if (!s.config.auth.enabled) base::log_info("authentication is off: no auth section in the configuration");
  if (!s.config.listen.is_loopback() && !s.config.auth.enabled) {
    base::log_warn("WARNING: listening on a non-loopback address WITHOUT authentication: anyone who can reach "
                   "this port can read every quota. Set auth.api_keys.",
                   {{"listen", s.config.listen.to_string()}});
  }
  base::log_info("listening", {{"url", "http://" + s.config.listen.host + ":" + std::to_string(s.port)},
                               {"threads", s.thread_count()},
                               {"worker_threads", s.workers.stats().threads},
                               {"accounts", s.service->accounts()->accounts.size()}});
  if (s.metrics_server) {
    s.metrics_port = s.metrics_server->listen(s.config.metrics_listen->host, s.config.metrics_listen->port);
    base::log_info("metrics listener: /metrics and the probes, without an API key",
                   {{"url", "http://" + s.config.metrics_listen->host + ":" + std::to_string(s.metrics_port)}});
  }
  // Tests and wrappers parse these lines to learn the bound ports.
  std::cout << "quota-gateway listening on http://" << s.config.listen.host << ":" << s.port << std::endl;
  if (s.metrics_server) {
    std::cout << "quota-gateway metrics on http://" << s.config.metrics_listen->host << ":" << s.metrics_port
              << std::endl;
  }
  for (auto& context : s.contexts) s.work.emplace_back(context->get_executor());
  s.background.spawn(net::make_strand(s.ioc), s.warm_up(), "warm-up");
  for (auto& context : s.contexts) s.threads.emplace_back([c = context.get()] { c->run(); });
  return s.port;
}

void Application::stop() {
  auto& s = *impl_;
  {
    std::lock_guard lock(s.mutex);
    if (s.stopping || s.threads.empty()) return;
    s.stopping = true;
  }
  net::co_spawn(s.ioc, s.shutdown(), net::detached);
}

void Application::wait() {
  auto& s = *impl_;
  {
    std::unique_lock lock(s.mutex);
    if (s.threads.empty()) return;
    s.stopped_cv.wait(lock, [&] { return s.stopped; });
  }
  // Whatever is still queued (closing sockets, cancelled timers) completes before the threads end.
  for (auto& t : s.threads) {
    if (t.joinable()) t.join();
  }
}

int Application::run() {
  // Installed before the threads start, so no signal can slip between start and wait. SIGHUP is
  // caught too: its default action would kill the process without a drain.
  impl_->signals.emplace(impl_->ioc, SIGINT, SIGTERM, SIGHUP);
  start();
  // Re-armed after each signal: a second SIGTERM during the drain is absorbed instead of
  // killing the process with the default action.
  std::function<void(const boost::system::error_code&, int)> on_signal;
  on_signal = [this, &on_signal](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    base::log_info("signal received", {{"signal", signal}});
    if (signal == SIGHUP) {
      if (impl_->reloader) impl_->reloader->reload("SIGHUP");
      else base::log_warn("SIGHUP: demo mode has no configuration file to reload; still serving");
    } else {
      stop();
    }
    impl_->signals->async_wait(on_signal);
  };
  impl_->signals->async_wait(on_signal);
  wait();
  return 0;
}

std::uint16_t Application::port() const { return impl_->port; }

bool Application::ready() const { return impl_->readiness.ready(); }

namespace {

// Every way out of main_entry writes the buffered log lines first.
struct FlushLogsOnExit {
  ~FlushLogsOnExit() { base::flush_logs(); }
};

}  // namespace

ConfigSource load_tracked(const std::string& path, std::optional<config::ListenAddress> listen,
                          config::GatewayConfig& out, bool reloading) {
  ConfigSource source{path, listen, {}};
  config::LoadEnvironment env;
  env.reloading = reloading;
  env.read_file = [&source](const std::string& file, std::size_t max_bytes) {
    source.files.push_back(file);
    return config::read_regular_file(file, max_bytes);
  };
  out = config::load_config_file(path, env);
  if (listen) out.listen = *listen;
  return source;
}

int main_entry(int argc, char** argv) {
  // Sockets send with MSG_NOSIGNAL already; this covers stderr on a pipe whose reader left (a
  // log shipper restarting, `| head`): the write fails, the line is dropped and counted.
  std::signal(SIGPIPE, SIG_IGN);
  // glibc raises its mmap threshold to the size of each large block freed (up to 32 MiB), after
  // which multi-megabyte answers, exports and scrapes come from the heap and their pages stay
  // resident after use. A fixed threshold keeps every block above 1 MiB in its own mapping,
  // returned to the system when freed: a large tenant's RSS stays what its record sets need.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  FlushLogsOnExit flush_on_exit;
  CommandLine cl;
  try {
    cl = parse_command_line(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& e) {
    std::cerr << "quota-gateway: " << e.what() << "\n";
    return 2;
  }
  if (cl.help) {
    std::cout << usage();
    return 0;
  }
  if (cl.version) {
    std::cout << "quota-gateway 0.1.0\n";
    return 0;
  }
  if (cl.check_url) return self_check(*cl.check_url);
  if (cl.list_config_keys) {
    for (const auto& path : config::keys::leaf_paths()) std::cout << path << "\n";
    return 0;
  }

  config::GatewayConfig config;
  std::optional<ConfigSource> source;
  try {
    std::optional<config::ListenAddress> listen;
    if (cl.listen) {
      listen = config::parse_listen(*cl.listen);
      if (!listen) throw config::ConfigError("--listen: '" + *cl.listen + "' is not HOST:PORT");
    }
    if (cl.config_path) {
      source = load_tracked(*cl.config_path, listen, config);
    } else {
      config.demo = true;
      if (listen) config.listen = *listen;
    }
  } catch (const config::ConfigError& e) {
    std::cerr << "quota-gateway: " << e.what() << "\n";
    return 2;
  }
  base::LogOptions log;
  log.level = config.log.level;
  const bool json = config.log.format == "json" || (config.log.format == "auto" && !::isatty(STDERR_FILENO));
  log.format = json ? base::LogFormat::kJson : base::LogFormat::kText;
  base::setup_logging(log);
  try {
    Application app(std::move(config), std::move(source));
    return app.run();
  } catch (const config::ConfigError& e) {
    // Found while building (a history file that cannot be used): the same as a bad configuration.
    base::flush_logs();
    std::cerr << "quota-gateway: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    base::log_error("startup failed", {{"error", e.what()}});
    return 1;
  }
}

}  // namespace qg::app
