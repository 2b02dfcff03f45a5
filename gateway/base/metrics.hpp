#pragma once
// The gateway's own metrics (prometheus-cpp registry, Prometheus text format): HTTP requests,
// upstream attempts, retries, pacing waits, cache outcomes, in-flight requests. The quota
// gauges are not kept here: they are built from the cache at scrape time (quotas/exporter).

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/metric_family.h>

namespace qg::base {

/// @par Thread Safety
/// Every member may be called concurrently.
class Metrics {
 public:
  Metrics();
  ~Metrics();

  // `route` is the matched route ("/quotas") or "unmatched": never the raw path, whose values
  // are unbounded.
  void observe_http(std::string_view route, std::string_view method, unsigned status, double seconds);
  void add_in_flight(int delta);
  // `outcome` is "ok" or an error kind ("throttled", "auth", ...).
  void observe_upstream(std::string_view provider, std::string_view account, std::string_view outcome,
                        double seconds, double paced_seconds, bool retried);
  void observe_cache(std::string_view provider, std::string_view account, std::string_view result);
  // The same counter as a handle that increments it, for a caller that counts one series often.
  std::function<void()> cache_counter(std::string_view provider, std::string_view account, std::string_view result);
  void set_redis_up(bool up);
  void count_redis_fallback(std::string_view what);
  // A client's request refused (`policy` "requests") or its refresh skipped ("refresh").
  void count_client_limited(std::string_view policy);
  // A configuration reload ended: applied or refused (then the running configuration stays).
  void observe_config_reload(bool success, double unix_seconds);

  // A value read at every scrape from its owner (a pool's queue, the exports in progress), as a
  // gauge or, with `counter`, a counter. Registered at start-up.
  void sample(std::string name, std::string help, bool counter, std::function<double()> value);

  // Text exposition of these metrics.
  std::string serialize() const;

 private:
  prometheus::Counter& cache_series(std::string_view provider, std::string_view account, std::string_view result);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};


}  // namespace qg::base
