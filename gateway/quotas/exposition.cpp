#include "gateway/quotas/exposition.hpp"

#include <algorithm>

namespace qg::quotas {

namespace net = boost::asio;

QuotaExposition::QuotaExposition(QuotaService& service, ExpositionOptions options, base::CpuPool* workers)
    : service_(service), options_(options), workers_(workers) {}

void QuotaExposition::render_stale(std::vector<Stale>& stale, std::int64_t now_unix) const {
  for (auto& s : stale) {
    s.rendered = std::make_shared<const PackageExposition>(render_packages(*s.records, now_unix, options_.policy));
  }
}

net::awaitable<QuotaExposition::Parts> QuotaExposition::render() {
  service_.note_activity({});
  const auto now_unix = service_.clock().unix_now();
  const auto now = service_.clock().steady_now();
  const auto set = service_.accounts();
  std::vector<std::optional<cache::CacheSnapshot>> snaps;
  std::vector<Stale> stale;
  {
    std::lock_guard lock(mutex_);
    // Accounts a reload removed leave the exposition with their renderings.
    std::erase_if(accounts_, [&](const auto& entry) {
      return std::find(set->names.begin(), set->names.end(), entry.first) == set->names.end();
    });
    for (const auto& account : set->accounts) {
      snaps.push_back(service_.cache().snapshot(account->upstream.account));
      const auto& snap = snaps.back();
      if (!snap || !snap->records) continue;
      const Rendered& r = accounts_[account->upstream.account];
      if (!r.exposition || r.generation != snap->records->generation || now_unix >= r.exposition->valid_until) {
        stale.push_back({account->upstream.account, snap->records, nullptr});
      }
    }
  }
  // Rendering a changed account's packages is the heavy part: outside the lock, on the workers.
  if (!stale.empty()) {
    auto work = [this, &stale, now_unix] { render_stale(stale, now_unix); };
    if (workers_ != nullptr) co_await workers_->run_job(std::move(work));
    else work();
  }

  Parts parts;
  std::vector<SourceFacts> facts;
  std::lock_guard lock(mutex_);
  for (const auto& s : stale) {
    Rendered& r = accounts_[s.account];
    // A scrape running alongside may have stored a newer set's rendering meanwhile.
    if (!r.exposition || r.generation <= s.records->generation) r = Rendered{s.records->generation, s.rendered};
  }
  for (std::size_t i = 0; i < set->accounts.size(); ++i) {
    const Account& account = *set->accounts[i];
    const auto& snap = snaps[i];
    const double ttl = std::chrono::duration<double>(account.cache_ttl.value_or(options_.default_ttl)).count();
    SourceFacts f{account.upstream.provider, account.upstream.account};
    f.ttl_seconds = ttl;
    f.stale_threshold_seconds = ttl * options_.stale_after_ttls;
    if (account.breaker) f.breaker_state = static_cast<int>(account.breaker->state(now));
    if (snap) {
      f.up = snap->last_success && !snap->last_error;
      if (snap->last_success) f.last_success = std::chrono::duration<double>(snap->last_success->time_since_epoch()).count();
      const Rendered& r = accounts_[account.upstream.account];
      if (snap->records && r.exposition) {
        f.records = snap->records->records.size();
        f.exported = r.exposition->exported;
        parts.packages.push_back(r.exposition);
      }
    }
    facts.push_back(std::move(f));
  }
  parts.sources = std::make_shared<const std::string>(render_source_families(facts));
  co_return parts;
}

}  // namespace qg::quotas
