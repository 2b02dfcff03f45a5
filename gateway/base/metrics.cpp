#include <chrono>
#include "gateway/base/metrics.hpp"

#include "gateway/base/log.hpp"

#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace qg::base {

namespace p = prometheus;

struct Metrics::Impl {
  std::shared_ptr<p::Registry> registry = std::make_shared<p::Registry>();
  p::Family<p::Counter>& http_requests = p::BuildCounter()
      .Name("quotagw_http_requests_total").Help("HTTP requests answered, by route, method and status").Register(*registry);
  p::Family<p::Histogram>& http_duration = p::BuildHistogram()
      .Name("quotagw_http_request_duration_seconds").Help("Time from request read to response ready").Register(*registry);
  p::Family<p::Gauge>& in_flight = p::BuildGauge()
      .Name("quotagw_http_requests_in_flight").Help("Requests being handled now").Register(*registry);
  p::Family<p::Counter>& upstream = p::BuildCounter()
      .Name("quotagw_upstream_requests_total").Help("Upstream HTTP attempts, by provider, account and outcome").Register(*registry);
  p::Family<p::Histogram>& upstream_duration = p::BuildHistogram()
      .Name("quotagw_upstream_request_duration_seconds").Help("Upstream HTTP attempt latency").Register(*registry);
  p::Family<p::Counter>& retries = p::BuildCounter()
      .Name("quotagw_upstream_retries_total").Help("Upstream attempts that were retried").Register(*registry);
  p::Family<p::Histogram>& paced = p::BuildHistogram()
      .Name("quotagw_ratelimit_wait_seconds").Help("Time an upstream attempt waited for its rate-limit slot").Register(*registry);
  p::Family<p::Counter>& cache = p::BuildCounter()
      .Name("quotagw_cache_requests_total").Help("Cache lookups by result (hit, miss, stale_while_revalidate, stale_if_error, error)").Register(*registry);
  p::Family<p::Gauge>& redis_up = p::BuildGauge()
      .Name("quotagw_redis_up").Help("1 while the shared Redis answers, 0 while running on local fallbacks").Register(*registry);
  p::Family<p::Counter>& redis_fallbacks = p::BuildCounter()
      .Name("quotagw_redis_fallbacks_total").Help("Operations that fell back to the local cache or limiter because Redis failed").Register(*registry);
  p::Family<p::Counter>& client_limited = p::BuildCounter()
      .Name("quotagw_client_limited_total").Help("Client requests refused (policy=requests) or refreshes skipped by client_limits (policy=refresh) or by the account's refresh budget (policy=account_refresh)").Register(*registry);
  p::Family<p::Counter>& config_reloads = p::BuildCounter()
      .Name("quotagw_config_reloads_total").Help("Configuration reloads by result (success, failure)").Register(*registry);
  p::Gauge& config_reload_success = p::BuildGauge()
      .Name("quotagw_config_reload_success").Help("1 if the last configuration reload was applied, 0 if it was refused and the previous configuration is still in force").Register(*registry).Add({});
  p::Gauge& config_reload_time = p::BuildGauge()
      .Name("quotagw_config_last_reload_success_timestamp_seconds").Help("When the configuration in force was loaded (start-up or the last applied reload)").Register(*registry).Add({});
  p::Gauge& in_flight_gauge = in_flight.Add({});

  // Family::Add hashes a label map under a mutex; the request path looks its pair up here
  // instead, with a shared lock (the set of routes × statuses is small and stable).
  struct HttpSeries {
    p::Counter* count;
    p::Histogram* duration;
  };
  std::shared_mutex http_mutex;
  std::unordered_map<std::string, HttpSeries> http_series;
  // The same for cache outcomes, counted per source of every answer (40 per request for a
  // tenant of 40 accounts): accounts × results, bounded by the configuration.
  std::shared_mutex cache_mutex;
  std::unordered_map<std::string, p::Counter*> cache_series;
  struct Sampled {
    std::string name, help;
    bool counter = false;
    std::function<double()> value;
  };
  std::mutex sampled_mutex;
  std::vector<Sampled> sampled;

  static const p::Histogram::BucketBoundaries& http_buckets() {
    static const p::Histogram::BucketBoundaries b{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    return b;
  }
  static const p::Histogram::BucketBoundaries& upstream_buckets() {
    static const p::Histogram::BucketBoundaries b{0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    return b;
  }
  static const p::Histogram::BucketBoundaries& wait_buckets() {
    static const p::Histogram::BucketBoundaries b{0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
    return b;
  }
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {
  // Known label values start at zero, so rate() and alerts see them before the first event.
  for (const char* policy : {"requests", "refresh", "account_refresh"}) impl_->client_limited.Add({{"policy", policy}});
  for (const char* result : {"success", "failure"}) impl_->config_reloads.Add({{"result", result}});
  // The configuration in force was loaded at start-up.
  impl_->config_reload_success.Set(1);
  impl_->config_reload_time.Set(std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());
}
Metrics::~Metrics() = default;

void Metrics::observe_http(std::string_view route, std::string_view method, unsigned status, double seconds) {
  const std::string_view r = route.empty() ? std::string_view("unmatched") : route;
  std::string key;
  key.reserve(r.size() + method.size() + 8);
  key.append(r).append(" ").append(method).append(" ").append(std::to_string(status));
  Impl::HttpSeries series{};
  {
    std::shared_lock lock(impl_->http_mutex);
    auto it = impl_->http_series.find(key);
    if (it != impl_->http_series.end()) series = it->second;
  }
  if (series.count == nullptr) {
    std::unique_lock lock(impl_->http_mutex);
    series.count = &impl_->http_requests.Add(
        {{"route", std::string(r)}, {"method", std::string(method)}, {"status", std::to_string(status)}});
    series.duration = &impl_->http_duration.Add({{"route", std::string(r)}}, Impl::http_buckets());
    impl_->http_series.emplace(std::move(key), series);
  }
  series.count->Increment();
  series.duration->Observe(seconds);
}

void Metrics::add_in_flight(int delta) { impl_->in_flight_gauge.Increment(delta); }

void Metrics::observe_upstream(std::string_view provider, std::string_view account, std::string_view outcome,
                               double seconds, double paced_seconds, bool retried) {
  const std::string prov(provider), acct(account);
  impl_->upstream.Add({{"provider", prov}, {"account", acct}, {"outcome", std::string(outcome)}}).Increment();
  impl_->upstream_duration.Add({{"provider", prov}}, Impl::upstream_buckets()).Observe(seconds);
  impl_->paced.Add({{"provider", prov}, {"account", acct}}, Impl::wait_buckets()).Observe(paced_seconds);
  if (retried) impl_->retries.Add({{"provider", prov}, {"account", acct}}).Increment();
}

void Metrics::observe_cache(std::string_view provider, std::string_view account, std::string_view result) {
  cache_series(provider, account, result).Increment();
}

std::function<void()> Metrics::cache_counter(std::string_view provider, std::string_view account,
                                             std::string_view result) {
  return [counter = &cache_series(provider, account, result)] { counter->Increment(); };
}

prometheus::Counter& Metrics::cache_series(std::string_view provider, std::string_view account,
                                           std::string_view result) {
  std::string key;
  key.reserve(provider.size() + account.size() + result.size() + 2);
  key.append(provider).append(1, '\0').append(account).append(1, '\0').append(result);
  p::Counter* counter = nullptr;
  {
    std::shared_lock lock(impl_->cache_mutex);
    if (auto it = impl_->cache_series.find(key); it != impl_->cache_series.end()) counter = it->second;
  }
  if (counter == nullptr) {
    std::unique_lock lock(impl_->cache_mutex);
    counter = &impl_->cache.Add(
        {{"provider", std::string(provider)}, {"account", std::string(account)}, {"result", std::string(result)}});
    impl_->cache_series.emplace(std::move(key), counter);
  }
  return *counter;
}

void Metrics::set_redis_up(bool up) { impl_->redis_up.Add({}).Set(up ? 1 : 0); }

void Metrics::count_redis_fallback(std::string_view what) {
  impl_->redis_fallbacks.Add({{"operation", std::string(what)}}).Increment();
}

void Metrics::count_client_limited(std::string_view policy) {
  impl_->client_limited.Add({{"policy", std::string(policy)}}).Increment();
}

void Metrics::observe_config_reload(bool success, double unix_seconds) {
  impl_->config_reloads.Add({{"result", success ? "success" : "failure"}}).Increment();
  impl_->config_reload_success.Set(success ? 1 : 0);
  if (success) impl_->config_reload_time.Set(unix_seconds);
}

void Metrics::sample(std::string name, std::string help, bool counter, std::function<double()> value) {
  std::lock_guard lock(impl_->sampled_mutex);
  impl_->sampled.push_back({std::move(name), std::move(help), counter, std::move(value)});
}

std::string Metrics::serialize() const {
  auto families = impl_->registry->Collect();
  p::MetricFamily dropped;
  dropped.name = "quotagw_log_lines_dropped_total";
  dropped.help = "Log lines lost because the log output (stderr) failed";
  dropped.type = p::MetricType::Counter;
  p::ClientMetric value;
  value.counter.value = static_cast<double>(log_lines_dropped());
  dropped.metric.push_back(value);
  families.push_back(std::move(dropped));
  std::lock_guard lock(impl_->sampled_mutex);
  for (const auto& sampled : impl_->sampled) {
    p::MetricFamily family;
    family.name = sampled.name;
    family.help = sampled.help;
    family.type = sampled.counter ? p::MetricType::Counter : p::MetricType::Gauge;
    p::ClientMetric sample;
    if (sampled.counter) sample.counter.value = sampled.value();
    else sample.gauge.value = sampled.value();
    family.metric.push_back(sample);
    families.push_back(std::move(family));
  }
  return p::TextSerializer().Serialize(families);
}

}  // namespace qg::base
