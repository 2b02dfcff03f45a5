#include "gateway/quotas/merge.hpp"

#include <algorithm>

namespace qg::quotas {
namespace {

bool contains_ci(std::string_view haystack, std::string_view lowered_needle) {
  if (lowered_needle.empty()) return true;
  if (haystack.size() < lowered_needle.size()) return false;
  for (std::size_t i = 0; i + lowered_needle.size() <= haystack.size(); ++i) {
    std::size_t k = 0;
    while (k < lowered_needle.size() &&
           std::tolower(static_cast<unsigned char>(haystack[i + k])) == static_cast<unsigned char>(lowered_needle[k])) {
      ++k;
    }
    if (k == lowered_needle.size()) return true;
  }
  return false;
}

template <class T>
bool in(const std::vector<T>& list, const T& v) {
  return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
}

SortValue optional_int(const std::optional<std::int64_t>& v) { return v ? SortValue(*v) : SortValue(); }

// Compares two non-null values of the same field (values from one field share a type).
int compare_present(const SortValue& a, const SortValue& b) {
  if (a.index() != b.index()) return a.index() < b.index() ? -1 : 1;  // a token crafted with mixed types
  return std::visit(
      [&](const auto& x) -> int {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return 0;
        } else {
          const auto& y = std::get<T>(b);
          return x < y ? -1 : (y < x ? 1 : 0);
        }
      },
      a);
}

struct Keyed {
  RecordRef ref;
  std::vector<SortValue> key;
};

std::vector<Keyed> keyed_matches(const std::vector<RecordRef>& candidates, const QuotaQuery& q) {
  std::vector<Keyed> kept;
  kept.reserve(candidates.size());
  for (const auto& ref : candidates) {
    if (!matches(*ref.record, q)) continue;
    Keyed k{ref, {}};
    k.key.reserve(q.sort.size());
    for (const auto& s : q.sort) k.key.push_back(sort_value(*ref.record, s.field));
    kept.push_back(std::move(k));
  }
  return kept;
}

}  // namespace

bool matches(const adapters::QuotaRecord& r, const QuotaQuery& q) {
  if (!in(q.providers, r.provider) || !in(q.accounts, r.account) || !in(q.kinds, r.kind) ||
      !in(q.statuses, r.status)) {
    return false;
  }
  // A record without an expiry (or amount) cannot satisfy a condition on it.
  if (q.expires_before && (!r.expires_at || *r.expires_at >= *q.expires_before)) return false;
  if (q.exhausts_before && (!r.projected_exhaustion_at || *r.projected_exhaustion_at >= *q.exhausts_before)) {
    return false;
  }
  if (q.expires_after && (!r.expires_at || *r.expires_at <= *q.expires_after)) return false;
  if (q.min_remaining && (!r.remaining || *r.remaining < *q.min_remaining)) return false;
  if (q.max_utilization && (!r.utilization || *r.utilization > *q.max_utilization)) return false;
  if (!q.q.empty() && !contains_ci(r.id, q.q) && !contains_ci(r.name, q.q)) return false;
  return true;
}

SortValue sort_value(const adapters::QuotaRecord& r, std::string_view field) {
  if (field == "id") return r.id;
  if (field == "provider") return r.provider;
  if (field == "account") return r.account;
  if (field == "kind") return r.kind;
  if (field == "name") return r.name;
  if (field == "status") return std::string(adapters::to_string(r.status));
  if (field == "unit") return r.unit;
  if (field == "total") return optional_int(r.total);
  if (field == "used") return optional_int(r.used);
  if (field == "remaining") return optional_int(r.remaining);
  if (field == "utilization") return r.utilization ? SortValue(*r.utilization) : SortValue();
  if (field == "starts_at") return optional_int(r.starts_at);
  if (field == "expires_at") return optional_int(r.expires_at);
  if (field == "burn_rate_per_day") return r.burn_rate_per_day ? SortValue(*r.burn_rate_per_day) : SortValue();
  if (field == "projected_exhaustion_at") return optional_int(r.projected_exhaustion_at);
  return SortValue();
}

int compare_keys(const std::vector<SortValue>& a, std::string_view a_id, const std::vector<SortValue>& b,
                 std::string_view b_id, const std::vector<SortKey>& sort) {
  for (std::size_t i = 0; i < sort.size() && i < a.size() && i < b.size(); ++i) {
    const bool a_null = std::holds_alternative<std::monostate>(a[i]);
    const bool b_null = std::holds_alternative<std::monostate>(b[i]);
    if (a_null || b_null) {
      if (a_null != b_null) return a_null ? 1 : -1;  // nulls last, whatever the direction
      continue;
    }
    const int c = compare_present(a[i], b[i]);
    if (c != 0) return sort[i].descending ? -c : c;
  }
  return a_id < b_id ? -1 : (b_id < a_id ? 1 : 0);
}

boost::system::result<Page, InvalidParam> select_page(std::vector<RecordRef> candidates, const QuotaQuery& q,
                                                      std::string_view token_key) {
  std::optional<Cursor> cursor;
  if (!q.page_token.empty()) {
    auto decoded = decode_page_token(q.page_token, q.fingerprint, token_key, q.sort.size());
    if (!decoded) {
      return InvalidParam{"page_token", decoded.error() == TokenError::kOtherQuery
                                            ? "was issued for a different query (filters or sort changed)"
                                            : "is not a page token this gateway issued"};
    }
    cursor = std::move(*decoded);
  }

  std::vector<Keyed> kept = keyed_matches(candidates, q);
  auto less = [&q](const Keyed& a, const Keyed& b) {
    return compare_keys(a.key, a.ref.record->id, b.key, b.ref.record->id, q.sort) < 0;
  };
  Page page;
  page.total_items = kept.size();

  // Only the records after the cursor can be on this page; of those only page_size + 1 need
  // ordering (the extra one says whether another page follows).
  auto begin = kept.begin();
  if (cursor) {
    begin = std::partition(kept.begin(), kept.end(), [&](const Keyed& k) {
      return compare_keys(k.key, k.ref.record->id, cursor->values, cursor->id, q.sort) <= 0;
    });
  }
  const std::size_t remaining = static_cast<std::size_t>(kept.end() - begin);
  const std::size_t take = std::min(remaining, q.page_size + 1);
  std::partial_sort(begin, begin + static_cast<std::ptrdiff_t>(take), kept.end(), less);
  const std::size_t served = std::min(take, q.page_size);
  page.items.reserve(served);
  for (std::size_t i = 0; i < served; ++i) page.items.push_back(begin[static_cast<std::ptrdiff_t>(i)].ref);
  if (take > q.page_size) {
    const Keyed& last = begin[static_cast<std::ptrdiff_t>(served - 1)];
    page.next_page_token = encode_page_token(Cursor{last.key, last.ref.record->id}, q.fingerprint, token_key);
  }
  return page;
}

std::vector<RecordRef> select_all(std::vector<RecordRef> candidates, const QuotaQuery& q) {
  std::vector<Keyed> kept = keyed_matches(candidates, q);
  std::sort(kept.begin(), kept.end(), [&q](const Keyed& a, const Keyed& b) {
    return compare_keys(a.key, a.ref.record->id, b.key, b.ref.record->id, q.sort) < 0;
  });
  std::vector<RecordRef> out;
  out.reserve(kept.size());
  for (const auto& k : kept) out.push_back(k.ref);
  return out;
}

}  // namespace qg::quotas
