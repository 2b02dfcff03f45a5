#pragma once
// The gateway as a Prometheus exporter of the quotas themselves, in the text format. Names follow
// Prometheus conventions: one unit per name, base units (minutes and hours become seconds), and
// lean series: the value series carry only package_id (which already holds provider and
// account); the descriptive labels live once, on quotagw_package_info. A package is exported
// while it matters: not expired (or without an expiry), or expired less than expired_grace ago;
// it stays in /quotas. Pure: one account's packages render into one block per family, so a
// scrape streams what was rendered when each set was fetched.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "gateway/cache/record_set.hpp"

namespace qg::quotas {

struct ExporterPolicy {
  std::chrono::seconds expired_grace{30 * 86400};
  // QuotaPoolWastesUnits fires when a pool is expected to lose more than this share of what it
  // holds (exported as quotagw_pool_waste_threshold_ratio).
  double pool_waste_ratio = 0.05;
  bool operator==(const ExporterPolicy&) const = default;
};

struct PackageExposition {
  std::vector<std::string> families;  // one block per package family (see exporter.cpp), values only
  std::int64_t valid_until = INT64_MAX;  // Unix s: a package leaves the grace window then, render again
  std::size_t exported = 0;
};

PackageExposition render_packages(const cache::RecordSet& set, std::int64_t now_unix, const ExporterPolicy& policy);

// One account, as the exporter's source families show it.
struct SourceFacts {
  std::string provider;
  std::string account;
  bool up = false;                             // the last fetch succeeded
  std::optional<double> last_success;          // Unix s
  std::size_t records = 0;                     // in the cached set
  std::size_t exported = 0;                    // of those, on this page
  double ttl_seconds = 0;
  double stale_threshold_seconds = 0;          // QuotaSourceStale fires past this age
  std::optional<int> breaker_state;            // 0 closed, 1 half-open, 2 open
};

// The package families of every account, with their HELP and TYPE lines: family after family
// (Prometheus wants a family's lines together), each account's block of it in turn. In pieces
// of about `piece_bytes`, so a scrape streams them and a large tenant's tens of megabytes are
// never held twice (the accounts' blocks are what is kept).
class PackageFamilyStream {
 public:
  explicit PackageFamilyStream(std::vector<std::shared_ptr<const PackageExposition>> accounts);
  // Appends the next piece; false once everything is out (this call's piece included).
  bool next(std::string& out, std::size_t piece_bytes = 64 * 1024);

 private:
  std::vector<std::shared_ptr<const PackageExposition>> accounts_;
  std::size_t family_ = 0;
  std::size_t account_ = 0;
};
// The same, whole (tests, small sets).
std::string render_package_families(std::span<const PackageExposition* const> accounts);
// The per-account source families (small, rendered on every scrape).
std::string render_source_families(std::span<const SourceFacts> sources);

// A unit as metric names spell it, in base units: "bytes", "seconds" (minutes and hours scaled
// by `factor`), "licenses", "units" (counts); nullopt for a unit with no metric name.
struct BaseUnit {
  std::string_view suffix;
  double factor = 1;
};
std::optional<BaseUnit> base_unit(std::string_view unit);

// "# HELP name help" and "# TYPE name gauge".
void append_gauge_header(std::string& out, std::string_view name, std::string_view help);

// A label value in the text format: backslash, double quote and newline escaped.
void append_label_value(std::string& out, std::string_view value);

}  // namespace qg::quotas
