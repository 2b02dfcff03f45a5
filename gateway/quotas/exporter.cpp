#include "gateway/quotas/exporter.hpp"

#include <map>
#include <optional>

#include "gateway/base/metrics.hpp"

namespace qg::quotas {
namespace {

using Labels = std::vector<prometheus::ClientMetric::Label>;

struct UnitScale {
  std::string suffix;  // the base unit: "_bytes", "_seconds", "_licenses", "_units"
  double factor;
};

std::optional<UnitScale> scale(std::string_view unit) {
  if (unit == "bytes") return UnitScale{"_bytes", 1};
  if (unit == "seconds") return UnitScale{"_seconds", 1};
  if (unit == "minutes") return UnitScale{"_seconds", 60};
  if (unit == "hours") return UnitScale{"_seconds", 3600};
  // Counts get a unit too: a bare "quotagw_package_total" would read as a counter's _total.
  if (unit == "licenses") return UnitScale{"_licenses", 1};
  if (unit == "count") return UnitScale{"_units", 1};
  return std::nullopt;
}

double seconds_since_epoch(base::SystemTime t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

}  // namespace

std::vector<prometheus::MetricFamily> quota_metric_families(const QuotaService& service) {
  std::map<std::string, prometheus::MetricFamily> values;  // by metric name
  auto value = [&](const std::string& name, const std::string& help) -> prometheus::MetricFamily& {
    auto it = values.find(name);
    if (it == values.end()) it = values.emplace(name, base::gauge_family(name, help)).first;
    return it->second;
  };
  auto info = base::gauge_family("quotagw_package_info", "Descriptive labels of each package; always 1");
  auto up = base::gauge_family("quotagw_source_up", "1 when the last fetch of the account succeeded");
  auto last = base::gauge_family("quotagw_source_last_success_timestamp_seconds", "When the account was last fetched successfully");
  auto records = base::gauge_family("quotagw_source_records", "Packages the account has in the cache");
  auto breaker = base::gauge_family("quotagw_circuit_breaker_state", "0 closed, 1 half-open, 2 open");

  std::map<std::string, cache::CacheSnapshot> by_account;
  for (auto& s : service.cache().snapshot()) by_account.emplace(s.key, std::move(s));
  const auto now = service.clock().steady_now();

  for (const auto& account : service.accounts()) {
    const Labels source{{"account", account.upstream.account}, {"provider", account.upstream.provider}};
    if (account.breaker) {
      base::add_gauge(breaker, source, static_cast<double>(account.breaker->state(now)));
    }
    const auto it = by_account.find(account.upstream.account);
    if (it == by_account.end()) {
      base::add_gauge(up, source, 0);
      continue;
    }
    const auto& snap = it->second;
    base::add_gauge(up, source, snap.last_success && !snap.last_error ? 1 : 0);
    if (snap.last_success) base::add_gauge(last, source, seconds_since_epoch(*snap.last_success));
    if (!snap.records) continue;
    base::add_gauge(records, source, static_cast<double>(snap.records->records.size()));
    for (const auto& r : snap.records->records) {
      const Labels id{{"account", r.account}, {"package_id", r.id}, {"provider", r.provider}};
      Labels descriptive = id;
      descriptive.push_back({"auto_renew", r.auto_renew ? (*r.auto_renew ? "true" : "false") : "unknown"});
      descriptive.push_back({"kind", r.kind});
      descriptive.push_back({"name", r.name});
      descriptive.push_back({"status", std::string(adapters::to_string(r.status))});
      descriptive.push_back({"unit", r.unit});
      base::add_gauge(info, descriptive, 1);
      if (auto s = scale(r.unit)) {
        if (r.total) base::add_gauge(value("quotagw_package_total" + s->suffix, "Purchased amount"), id, static_cast<double>(*r.total) * s->factor);
        if (r.used) base::add_gauge(value("quotagw_package_used" + s->suffix, "Used amount"), id, static_cast<double>(*r.used) * s->factor);
        if (r.remaining) base::add_gauge(value("quotagw_package_remaining" + s->suffix, "Remaining amount"), id, static_cast<double>(*r.remaining) * s->factor);
      }
      if (r.utilization) base::add_gauge(value("quotagw_package_utilization_ratio", "Used / total"), id, *r.utilization);
      if (r.expires_at) base::add_gauge(value("quotagw_package_expiry_timestamp_seconds", "When the package expires"), id, static_cast<double>(*r.expires_at));
      if (r.starts_at) base::add_gauge(value("quotagw_package_start_timestamp_seconds", "When the package started"), id, static_cast<double>(*r.starts_at));
    }
  }
  std::vector<prometheus::MetricFamily> out;
  for (auto* f : {&info, &up, &last, &records, &breaker}) out.push_back(std::move(*f));
  for (auto& [name, f] : values) out.push_back(std::move(f));
  return out;
}

}  // namespace qg::quotas
