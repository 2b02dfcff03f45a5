#include "gateway/quotas/exporter.hpp"

#include <algorithm>
#include <array>

#include "adapters/common/numbers.hpp"

namespace qg::quotas {
namespace {

struct Family {
  std::string_view name;
  std::string_view help;
};

// When adding families here, also add them to family_of() and to the metrics list in docs/operations.md (Metrics and alerts).
constexpr std::array<Family, 12> kPackageFamilies{{
    {"quotagw_package_info", "Descriptive labels of each exported package; always 1"},
    {"quotagw_package_total_bytes", "Purchased amount"},
    {"quotagw_package_remaining_bytes", "Remaining amount"},
    {"quotagw_package_total_seconds", "Purchased amount (minutes and hours as seconds)"},
    {"quotagw_package_remaining_seconds", "Remaining amount (minutes and hours as seconds)"},
    {"quotagw_package_total_licenses", "Purchased licenses"},
    {"quotagw_package_remaining_licenses", "Remaining licenses"},
    {"quotagw_package_total_units", "Purchased amount in the provider's units"},
    {"quotagw_package_remaining_units", "Remaining amount in the provider's units"},
    {"quotagw_package_utilization_ratio", "Used / total"},
    {"quotagw_package_expiry_timestamp_seconds", "When the package expires"},
    {"quotagw_package_projected_exhaustion_timestamp_seconds", "When the package runs out at its recent burn rate"},
}};
constexpr std::size_t kInfo = 0, kUtilization = 9, kExpiry = 10, kExhaustion = 11;

// The total/remaining family pair of a unit, and the factor to its base unit.
struct UnitFamilies {
  std::size_t total;
  double factor;
};

std::optional<UnitFamilies> unit_families(std::string_view unit) {
  const auto base = base_unit(unit);
  if (!base) return std::nullopt;
  static constexpr std::array<std::string_view, 4> kSuffixes{"bytes", "seconds", "licenses", "units"};
  const auto at = std::find(kSuffixes.begin(), kSuffixes.end(), base->suffix);
  return UnitFamilies{1 + 2 * static_cast<std::size_t>(at - kSuffixes.begin()), base->factor};
}

void append_value(std::string& out, std::size_t family, std::string_view id, double v) {
  out.append(kPackageFamilies[family].name).append("{package_id=\"");
  append_label_value(out, id);
  out.append("\"} ");
  adapters::append_decimal(out, v);
  out.push_back('\n');
}

void append_info(std::string& out, const adapters::QuotaRecord& r) {
  out.append(kPackageFamilies[kInfo].name).append("{account=\"");
  append_label_value(out, r.account);
  out.append("\",auto_renew=\"").append(r.auto_renew ? (*r.auto_renew ? "true" : "false") : "unknown");
  out.append("\",kind=\"");
  append_label_value(out, r.kind);
  out.append("\",name=\"");
  append_label_value(out, r.name);
  // The unit the provider counts in (`minutes`); the value series are in base units (seconds).
  out.append("\",native_unit=\"");
  append_label_value(out, r.unit);
  out.append("\",package_id=\"");
  append_label_value(out, r.id);
  out.append("\",provider=\"");
  append_label_value(out, r.provider);
  out.append("\",status=\"").append(adapters::to_string(r.status));
  out.append("\"} 1\n");
}

}  // namespace

void append_gauge_header(std::string& out, std::string_view name, std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n# TYPE ").append(name).append(" gauge\n");
}

std::optional<BaseUnit> base_unit(std::string_view unit) {
  if (unit == "bytes") return BaseUnit{"bytes", 1};
  if (unit == "seconds") return BaseUnit{"seconds", 1};
  if (unit == "minutes") return BaseUnit{"seconds", 60};
  if (unit == "hours") return BaseUnit{"seconds", 3600};
  // Counts get a unit too: a bare "quotagw_package_total" would read as a counter's _total.
  if (unit == "licenses") return BaseUnit{"licenses", 1};
  if (unit == "count") return BaseUnit{"units", 1};
  return std::nullopt;
}

void append_label_value(std::string& out, std::string_view value) {
  for (const char c : value) {
    if (c == '\\') out.append("\\\\");
    else if (c == '"') out.append("\\\"");
    else if (c == '\n') out.append("\\n");
    else out.push_back(c);
  }
}

PackageExposition render_packages(const cache::RecordSet& set, std::int64_t now, const ExporterPolicy& policy) {
  PackageExposition out;
  out.families.resize(kPackageFamilies.size());
  const std::int64_t grace = policy.expired_grace.count();
  for (const auto& r : set.records) {
    if (r.expires_at) {
      const std::int64_t leaves_at = *r.expires_at + grace;
      if (leaves_at <= now) continue;  // long expired: it stays in /quotas only
      out.valid_until = std::min(out.valid_until, leaves_at);
    }
    ++out.exported;
    append_info(out.families[kInfo], r);
    if (auto u = unit_families(r.unit)) {
      if (r.total) append_value(out.families[u->total], u->total, r.id, static_cast<double>(*r.total) * u->factor);
      if (r.remaining) {
        append_value(out.families[u->total + 1], u->total + 1, r.id, static_cast<double>(*r.remaining) * u->factor);
      }
    }
    if (r.utilization) append_value(out.families[kUtilization], kUtilization, r.id, *r.utilization);
    if (r.expires_at) append_value(out.families[kExpiry], kExpiry, r.id, static_cast<double>(*r.expires_at));
    if (r.projected_exhaustion_at) {
      append_value(out.families[kExhaustion], kExhaustion, r.id, static_cast<double>(*r.projected_exhaustion_at));
    }
  }
  return out;
}

PackageFamilyStream::PackageFamilyStream(std::vector<std::shared_ptr<const PackageExposition>> accounts)
    : accounts_(std::move(accounts)) {}

bool PackageFamilyStream::next(std::string& out, std::size_t piece_bytes) {
  const std::size_t start = out.size();
  while (family_ < kPackageFamilies.size() && out.size() - start < piece_bytes) {
    if (account_ == 0) {
      bool any = false;
      for (const auto& a : accounts_) any = any || !a->families[family_].empty();
      if (!any) {  // no HELP/TYPE for a family without samples
        ++family_;
        continue;
      }
      append_gauge_header(out, kPackageFamilies[family_].name, kPackageFamilies[family_].help);
    }
    out.append(accounts_[account_]->families[family_]);
    if (++account_ == accounts_.size()) {
      account_ = 0;
      ++family_;
    }
  }
  return family_ < kPackageFamilies.size();
}

std::string render_package_families(std::span<const PackageExposition* const> accounts) {
  std::vector<std::shared_ptr<const PackageExposition>> borrowed;  // aliasing pointers, owning nothing
  for (const auto* a : accounts) borrowed.emplace_back(std::shared_ptr<const void>(), a);
  PackageFamilyStream stream(std::move(borrowed));
  std::string out;
  while (stream.next(out, SIZE_MAX)) {
  }
  return out;
}

std::string render_source_families(std::span<const SourceFacts> sources) {
  std::string out;
  auto family = [&](std::string_view name, std::string_view help, auto value_of) {
    bool header = false;
    for (const auto& s : sources) {
      const std::optional<double> v = value_of(s);
      if (!v) continue;
      if (!header) append_gauge_header(out, name, help);
      header = true;
      out.append(name).append("{account=\"");
      append_label_value(out, s.account);
      out.append("\",provider=\"");
      append_label_value(out, s.provider);
      out.append("\"} ");
      adapters::append_decimal(out, *v);
      out.push_back('\n');
    }
  };
  using O = std::optional<double>;
  family("quotagw_source_up", "1 when the last fetch of the account succeeded",
         [](const SourceFacts& s) { return O(s.up ? 1 : 0); });
  family("quotagw_source_last_success_timestamp_seconds", "When the account was last fetched successfully",
         [](const SourceFacts& s) { return s.last_success; });
  family("quotagw_source_records", "Packages the account has in the cache",
         [](const SourceFacts& s) { return O(static_cast<double>(s.records)); });
  family("quotagw_source_exported_packages", "Of those, the ones exported (not expired past the grace period)",
         [](const SourceFacts& s) { return O(static_cast<double>(s.exported)); });
  family("quotagw_source_ttl_seconds", "How long a fetched set of the account counts as fresh",
         [](const SourceFacts& s) { return O(s.ttl_seconds); });
  family("quotagw_source_stale_threshold_seconds",
         "Age of the last success past which the account counts as stale (QuotaSourceStale)",
         [](const SourceFacts& s) { return O(s.stale_threshold_seconds); });
  family("quotagw_circuit_breaker_state", "0 closed, 1 half-open, 2 open", [](const SourceFacts& s) {
    return s.breaker_state ? O(*s.breaker_state) : O();
  });
  return out;
}

}  // namespace qg::quotas
