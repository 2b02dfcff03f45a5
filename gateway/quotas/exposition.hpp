#pragma once
// /metrics' quota part, from what the cache holds: rendered once per change of an account's set
// (and again when one of its packages leaves the grace window) and streamed from those
// renderings (PackageFamilyStream), so a scrape costs a copy of bytes already made, whatever the
// size of the tenant, and they are held once. A scrape
// never calls a cloud; it counts as activity for every account (the refresher keeps exported
// accounts fresh).

#include <memory>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "gateway/base/cpu_pool.hpp"
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
  // `workers`: where the accounts' packages are rendered (a large tenant's take a while); null:
  // inline.
  QuotaExposition(QuotaService& service, ExpositionOptions options, base::CpuPool* workers = nullptr);

  struct Parts {
    std::vector<std::shared_ptr<const PackageExposition>> packages;  // per account, reused while it did not change
    std::shared_ptr<const std::string> sources;                      // small, rendered per scrape
  };
  boost::asio::awaitable<Parts> render();

 private:
  struct Rendered {
    std::uint64_t generation = 0;
    std::shared_ptr<const PackageExposition> exposition;
  };

  // An account whose set changed (or whose packages leave the grace window) since it was rendered.
  struct Stale {
    std::string account;
    cache::RecordSetPtr records;
    std::shared_ptr<const PackageExposition> rendered;
  };
  void render_stale(std::vector<Stale>& stale, std::int64_t now_unix) const;

  QuotaService& service_;
  ExpositionOptions options_;
  base::CpuPool* workers_;
  std::mutex mutex_;
  std::map<std::string, Rendered> accounts_;  // by account name (only those in force)
};

}  // namespace qg::quotas
