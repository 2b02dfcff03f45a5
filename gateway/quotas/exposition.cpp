#include "gateway/quotas/exposition.hpp"

#include <algorithm>

namespace qg::quotas {

QuotaExposition::QuotaExposition(QuotaService& service, ExpositionOptions options)
    : service_(service), options_(options) {}

QuotaExposition::Parts QuotaExposition::render() {
  service_.note_activity({});
  const auto now_unix = service_.clock().unix_now();
  const auto now = service_.clock().steady_now();
  std::vector<SourceFacts> facts;
  Parts parts;
  const auto set = service_.accounts();
  std::lock_guard lock(mutex_);
  // Accounts a reload removed leave the exposition with their renderings.
  std::erase_if(accounts_, [&](const auto& entry) {
    return std::find(set->names.begin(), set->names.end(), entry.first) == set->names.end();
  });
  for (const auto& account_ptr : set->accounts) {
    const Account& account = *account_ptr;
    const auto snap = service_.cache().snapshot(account.upstream.account);
    const double ttl = std::chrono::duration<double>(account.cache_ttl.value_or(options_.default_ttl)).count();
    SourceFacts f{account.upstream.provider, account.upstream.account};
    f.ttl_seconds = ttl;
    f.stale_threshold_seconds = ttl * options_.stale_after_ttls;
    if (account.breaker) f.breaker_state = static_cast<int>(account.breaker->state(now));
    Rendered& r = accounts_[account.upstream.account];
    if (snap) {
      f.up = snap->last_success && !snap->last_error;
      if (snap->last_success) f.last_success = std::chrono::duration<double>(snap->last_success->time_since_epoch()).count();
      if (snap->records) {
        f.records = snap->records->records.size();
        if (!r.exposition || r.generation != snap->records->generation || now_unix >= r.exposition->valid_until) {
          r.generation = snap->records->generation;
          r.exposition = std::make_shared<const PackageExposition>(render_packages(*snap->records, now_unix, options_.policy));
        }
        f.exported = r.exposition->exported;
        parts.packages.push_back(r.exposition);
      }
    }
    facts.push_back(std::move(f));
  }
  parts.sources = std::make_shared<const std::string>(render_source_families(facts));
  return parts;
}

}  // namespace qg::quotas
