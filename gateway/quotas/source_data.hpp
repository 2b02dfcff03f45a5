#pragma once
// One source's contribution to an answer: how it went, and the records it can serve.

#include "gateway/cache/policy.hpp"
#include "gateway/cache/record_set.hpp"
#include "gateway/quotas/source_report.hpp"

namespace qg::quotas {

struct SourceData {
  SourceReport report;
  cache::RecordSetPtr records;  // null when the source has nothing to serve
  cache::Duration fresh_for{0};
  // The request asked for a refresh (refresh=true, or a max_age older than the set) and the
  // account's refresh budget had no room: answered from the cache instead.
  bool refresh_skipped = false;
};

}  // namespace qg::quotas
