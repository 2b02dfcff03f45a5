#pragma once
// Filter, sort and page the records of every source (design.md §3). Works on references to
// the cached records: nothing is copied until rendering. Pure.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>

#include "adapters/common/quota_record.hpp"
#include "gateway/cache/record_set.hpp"
#include "gateway/quotas/page_token.hpp"
#include "gateway/quotas/query.hpp"

namespace qg::quotas {

struct RecordRef {
  const adapters::QuotaRecord* record = nullptr;
  const std::string* json = nullptr;  // the record pre-serialized without raw; may be null
  // The set the record is in, and its row there: where a compacted record's details and raw
  // are (cache::RecordSet). Null for a record that stands alone (whole, as an adapter made it).
  const cache::RecordSet* set = nullptr;
  std::uint32_t row = 0;
};

// Every record of these sets, as candidates for select_page/select_all (null sets skipped).
std::vector<RecordRef> candidates(std::span<const cache::RecordSetPtr> sets);

struct Page {
  std::vector<RecordRef> items;
  std::size_t total_items = 0;  // matching records over all pages
  std::optional<std::string> next_page_token;
};

bool matches(const adapters::QuotaRecord& record, const QuotaQuery& query);

SortValue sort_value(const adapters::QuotaRecord& record, std::string_view field);

// Text sort keys order by a bounded prefix of their value, then by id: a page token carries the
// last item's keys, and the query's text keys share kTokenTextBudget bytes of it (as JSON), so
// the token stays under the 1,024-byte limit of a query parameter whatever the names (a
// 300-character CJK name made a token of ~1,600 bytes that the gateway then refused, and paging
// stopped). Names that differ only past their first few hundred bytes are ordered by id.
inline constexpr std::size_t kTokenTextBudget = 448;
// The bytes (of JSON-escaped text) each text key of this sort compares on.
std::size_t text_key_limit(const std::vector<SortKey>& sort);
// The longest prefix of `text`, cut on a character boundary, whose JSON escaping takes at most
// `limit` bytes.
std::string_view sort_prefix(std::string_view text, std::size_t limit);

// Sort order: each key in turn (nulls last in either direction), then id ascending, so the
// order is total and stable.
int compare_keys(const std::vector<SortValue>& a, std::string_view a_id, const std::vector<SortValue>& b,
                 std::string_view b_id, const std::vector<SortKey>& sort);

// The page the query asks for. An invalid or foreign page_token is an InvalidParam.
boost::system::result<Page, InvalidParam> select_page(std::vector<RecordRef> candidates, const QuotaQuery& query,
                                                      std::string_view token_key);

// Every matching record in the query's order (an export: no page, no token).
std::vector<RecordRef> select_all(std::vector<RecordRef> candidates, const QuotaQuery& query);

// The same page and the same records as select_page/select_all over candidates(sets), read
// from the sets' indexes (cache::RecordIndex): filters test a few bytes per record, `q` is one
// search in each set's lowercased text, sorting compares fields in place and keeps only the
// page (plus one) in order. Null sets are skipped.
boost::system::result<Page, InvalidParam> select_indexed_page(std::span<const cache::RecordSetPtr> sets,
                                                              const QuotaQuery& query, std::string_view token_key);
std::vector<RecordRef> select_indexed_all(std::span<const cache::RecordSetPtr> sets, const QuotaQuery& query);

}  // namespace qg::quotas
