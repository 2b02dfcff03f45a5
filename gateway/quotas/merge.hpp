#pragma once
// Filter, sort and page the records of every source (design.md §3). Works on references to
// the cached records: nothing is copied until rendering. Pure.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>

#include "adapters/common/quota_record.hpp"
#include "gateway/quotas/page_token.hpp"
#include "gateway/quotas/query.hpp"

namespace qg::quotas {

struct RecordRef {
  const adapters::QuotaRecord* record = nullptr;
  const std::string* json = nullptr;  // the record pre-serialized without raw; may be null
};

struct Page {
  std::vector<RecordRef> items;
  std::size_t total_items = 0;  // matching records over all pages
  std::optional<std::string> next_page_token;
};

bool matches(const adapters::QuotaRecord& record, const QuotaQuery& query);

SortValue sort_value(const adapters::QuotaRecord& record, std::string_view field);

// Sort order: each key in turn (nulls last in either direction), then id ascending, so the
// order is total and stable.
int compare_keys(const std::vector<SortValue>& a, std::string_view a_id, const std::vector<SortValue>& b,
                 std::string_view b_id, const std::vector<SortKey>& sort);

// The page the query asks for. An invalid or foreign page_token is an InvalidParam.
boost::system::result<Page, InvalidParam> select_page(std::vector<RecordRef> candidates, const QuotaQuery& query,
                                                      std::string_view token_key);

// Every matching record in the query's order (an export: no page, no token).
std::vector<RecordRef> select_all(std::vector<RecordRef> candidates, const QuotaQuery& query);

}  // namespace qg::quotas
