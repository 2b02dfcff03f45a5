#pragma once
// /metrics' quota part, from what the cache holds: rendered once per change of an account's set
// (and again when one of its packages leaves the grace window), concatenated once per change of
// any, so a scrape costs a copy of bytes already made, whatever the size of the tenant. A scrape
// never calls a cloud; it counts as activity for every account (the refresher keeps exported
// accounts fresh).

#include <memory>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "gateway/quotas/exporter.hpp"
#include "gateway/quotas/service.hpp"

namespace qg::quotas {

struct ExpositionOptions {
  ExporterPolicy policy;
  cache::Duration default_ttl{};  // cache.ttl, for accounts without their own
  double stale_after_ttls = 3;    // quotagw_source_stale_threshold_seconds = this × ttl
};

/// @par Thread Safety
/// render() may be called concurrently.
class QuotaExposition {
 public:
  QuotaExposition(QuotaService& service, ExpositionOptions options);

  struct Parts {
    std::shared_ptr<const std::string> packages;  // reused while nothing changed
    std::shared_ptr<const std::string> sources;   // small, rendered per scrape
  };
  Parts render();

 private:
  struct Rendered {
    std::uint64_t generation = 0;
    std::uint64_t serial = 0;  // unique per rendering: what the concatenation is keyed by
    std::shared_ptr<const PackageExposition> exposition;
  };

  QuotaService& service_;
  ExpositionOptions options_;
  std::mutex mutex_;
  std::map<std::string, Rendered> accounts_;       // by account name (only those in force)
  std::uint64_t next_serial_ = 1;
  std::vector<std::uint64_t> packages_key_;        // the renderings the concatenation was made of
  std::shared_ptr<const std::string> packages_;
};

}  // namespace qg::quotas
