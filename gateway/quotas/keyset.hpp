#pragma once
// Keyset paging for any listing: items with their sort values and id, ordered by compare_keys,
// the page after the cursor, and the token for the next one. Pure.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/quotas/merge.hpp"
#include "gateway/quotas/page_token.hpp"
#include "gateway/quotas/params.hpp"

namespace qg::quotas {

template <class T>
struct Keyed {
  T item;
  std::vector<SortValue> key;  // one per sort key
  std::string_view id;         // the last tie-breaker; must outlive the page
};

template <class T>
struct KeysetPage {
  std::vector<T> items;
  std::size_t total_items = 0;
  std::optional<std::string> next_page_token;
};

template <class T>
KeysetPage<T> keyset_page(std::vector<Keyed<T>> kept, const std::vector<SortKey>& sort, std::size_t page_size,
                          const std::optional<Cursor>& cursor, std::string_view fingerprint,
                          std::string_view token_key) {
  auto less = [&sort](const Keyed<T>& a, const Keyed<T>& b) { return compare_keys(a.key, a.id, b.key, b.id, sort) < 0; };
  KeysetPage<T> page;
  page.total_items = kept.size();
  // Only the items after the cursor can be on this page; of those only page_size + 1 need
  // ordering (the extra one says whether another page follows).
  auto begin = kept.begin();
  if (cursor) {
    begin = std::partition(kept.begin(), kept.end(), [&](const Keyed<T>& k) {
      return compare_keys(k.key, k.id, cursor->values, cursor->id, sort) <= 0;
    });
  }
  const auto left = static_cast<std::size_t>(kept.end() - begin);
  const std::size_t take = std::min(left, page_size + 1);
  std::partial_sort(begin, begin + static_cast<std::ptrdiff_t>(take), kept.end(), less);
  const std::size_t served = std::min(take, page_size);
  page.items.reserve(served);
  for (std::size_t i = 0; i < served; ++i) page.items.push_back(begin[static_cast<std::ptrdiff_t>(i)].item);
  if (take > page_size) {
    const Keyed<T>& last = begin[static_cast<std::ptrdiff_t>(served - 1)];
    page.next_page_token = encode_page_token(Cursor{last.key, std::string(last.id)}, fingerprint, token_key);
  }
  return page;
}

// The cursor a request's page_token carries (none without a token); an InvalidParam naming
// page_token when this gateway did not issue it for this query.
boost::system::result<std::optional<Cursor>, InvalidParam> page_cursor(std::string_view page_token,
                                                                       std::string_view fingerprint,
                                                                       std::string_view token_key,
                                                                       std::size_t sort_keys);

}  // namespace qg::quotas
