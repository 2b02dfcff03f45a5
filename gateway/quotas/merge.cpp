#include "gateway/quotas/merge.hpp"

#include "gateway/quotas/keyset.hpp"

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

// A record's key for one field of this sort: text cut to what the sort compares.
SortValue bounded_sort_value(const adapters::QuotaRecord& r, std::string_view field, std::size_t text_limit) {
  SortValue v = sort_value(r, field);
  if (auto* text = std::get_if<std::string>(&v)) text->resize(sort_prefix(*text, text_limit).size());
  return v;
}

std::vector<Keyed<RecordRef>> keyed_matches(const std::vector<RecordRef>& candidates, const QuotaQuery& q) {
  std::vector<Keyed<RecordRef>> kept;
  kept.reserve(candidates.size());
  const std::size_t text_limit = text_key_limit(q.sort);
  for (const auto& ref : candidates) {
    if (!matches(*ref.record, q)) continue;
    Keyed<RecordRef> k{ref, {}, ref.record->id};
    k.key.reserve(q.sort.size());
    for (const auto& s : q.sort) k.key.push_back(bounded_sort_value(*ref.record, s.field, text_limit));
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

std::size_t text_key_limit(const std::vector<SortKey>& sort) {
  std::size_t text_keys = 0;
  for (const auto& k : sort) {
    const auto f = cache::field_named(k.field);
    if (f && cache::type_of(*f) == cache::FieldType::kText) ++text_keys;
  }
  return text_keys == 0 ? kTokenTextBudget : kTokenTextBudget / text_keys;
}

std::string_view sort_prefix(std::string_view text, std::size_t limit) {
  if (text.size() * 6 <= limit) return text;  // even escaped in full it fits (the usual case)
  std::size_t used = 0, at = 0;
  for (; at < text.size(); ++at) {
    const auto c = static_cast<unsigned char>(text[at]);
    const std::size_t escaped = c == '"' || c == '\\' ? 2 : c < 0x20 ? 6 : 1;  // as boost::json writes it
    if (used + escaped > limit) break;
    used += escaped;
  }
  while (at < text.size() && at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;  // whole characters
  return text.substr(0, at);
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

boost::system::result<std::optional<Cursor>, InvalidParam> page_cursor(std::string_view page_token,
                                                                       std::string_view fingerprint,
                                                                       std::string_view token_key,
                                                                       std::size_t sort_keys) {
  if (page_token.empty()) return std::optional<Cursor>();
  auto decoded = decode_page_token(page_token, fingerprint, token_key, sort_keys);
  if (!decoded) {
    return InvalidParam{"page_token", decoded.error() == TokenError::kOtherQuery
                                          ? "was issued for a different query (filters or sort changed)"
                                          : "is not a page token this gateway issued"};
  }
  return std::optional<Cursor>(std::move(*decoded));
}

boost::system::result<Page, InvalidParam> select_page(std::vector<RecordRef> candidates, const QuotaQuery& q,
                                                      std::string_view token_key) {
  auto cursor = page_cursor(q.page_token, q.fingerprint, token_key, q.sort.size());
  if (!cursor) return cursor.error();
  auto keyed = keyset_page(keyed_matches(candidates, q), q.sort, q.page_size, *cursor, q.fingerprint, token_key);
  return Page{std::move(keyed.items), keyed.total_items, std::move(keyed.next_page_token)};
}

std::vector<RecordRef> select_all(std::vector<RecordRef> candidates, const QuotaQuery& q) {
  auto kept = keyed_matches(candidates, q);
  std::sort(kept.begin(), kept.end(), [&q](const auto& a, const auto& b) {
    return compare_keys(a.key, a.id, b.key, b.id, q.sort) < 0;
  });
  std::vector<RecordRef> out;
  out.reserve(kept.size());
  for (const auto& k : kept) out.push_back(k.item);
  return out;
}


// ---- The same selection from the sets' indexes --------------------------------------------------

namespace {

using cache::Field;
using cache::FieldType;
using cache::FieldValue;
using cache::RecordIndex;

struct Row {
  const cache::RecordSet* set;
  std::uint32_t row;
};

struct SortSpec {
  Field field;
  FieldType type;
  bool descending;
  std::size_t text_limit;  // text_key_limit of the query's sort
};

std::vector<SortSpec> sort_specs(const QuotaQuery& q) {
  std::vector<SortSpec> out;
  const std::size_t text_limit = text_key_limit(q.sort);
  for (const auto& k : q.sort) {
    // parse_quota_query admits sortable fields only, and each names a Field.
    const Field f = cache::field_named(k.field).value_or(Field::kId);
    out.push_back({f, cache::type_of(f), k.descending, text_limit});
  }
  return out;
}

// A row's value of a sort field, text cut to what the sort compares.
FieldValue value_of(const Row& r, const SortSpec& s) {
  FieldValue v = r.set->index.value_at(r.set->records, r.row, s.field);
  if (s.type == FieldType::kText) v.text = sort_prefix(v.text, s.text_limit);
  return v;
}

int compare_present(FieldType t, const FieldValue& a, const FieldValue& b) {
  switch (t) {
    case FieldType::kText: return a.text < b.text ? -1 : (b.text < a.text ? 1 : 0);
    case FieldType::kInteger: return a.integer < b.integer ? -1 : (b.integer < a.integer ? 1 : 0);
    case FieldType::kReal: return a.real < b.real ? -1 : (b.real < a.real ? 1 : 0);
  }
  return 0;
}

// compare_keys, on rows: each key (nulls last either way), then the id.
int compare_rows(const Row& a, const Row& b, const std::vector<SortSpec>& specs) {
  for (const auto& s : specs) {
    const FieldValue x = value_of(a, s), y = value_of(b, s);
    if (!x.present || !y.present) {
      if (x.present != y.present) return x.present ? -1 : 1;
      continue;
    }
    const int c = compare_present(s.type, x, y);
    if (c != 0) return s.descending ? -c : c;
  }
  const std::string& ia = a.set->records[a.row].id;
  const std::string& ib = b.set->records[b.row].id;
  return ia < ib ? -1 : (ib < ia ? 1 : 0);
}

// The variant index sort_value() would give the field (a crafted token may carry another).
std::size_t value_index(FieldType t) {
  return t == FieldType::kText ? 3 : t == FieldType::kInteger ? 1 : 2;
}

// compare_keys between a row and a page token's cursor.
int compare_cursor(const Row& a, const Cursor& c, const std::vector<SortSpec>& specs) {
  for (std::size_t i = 0; i < specs.size() && i < c.values.size(); ++i) {
    const auto& s = specs[i];
    const FieldValue x = value_of(a, s);
    const SortValue& y = c.values[i];
    const bool y_null = std::holds_alternative<std::monostate>(y);
    if (!x.present || y_null) {
      if (x.present == y_null) return x.present ? -1 : 1;
      continue;
    }
    int cmp = 0;
    if (value_index(s.type) != y.index()) {
      cmp = value_index(s.type) < y.index() ? -1 : 1;
    } else if (s.type == FieldType::kText) {
      const auto& t = std::get<std::string>(y);
      cmp = x.text < t ? -1 : (std::string_view(t) < x.text ? 1 : 0);
    } else if (s.type == FieldType::kInteger) {
      const auto v = std::get<std::int64_t>(y);
      cmp = x.integer < v ? -1 : (v < x.integer ? 1 : 0);
    } else {
      const auto v = std::get<double>(y);
      cmp = x.real < v ? -1 : (v < x.real ? 1 : 0);
    }
    if (cmp != 0) return s.descending ? -cmp : cmp;
  }
  const std::string& id = a.set->records[a.row].id;
  return id < c.id ? -1 : (c.id < id ? 1 : 0);
}

// matches(), on one set's columns.
class SetFilter {
 public:
  SetFilter(const RecordIndex& index, const QuotaQuery& q)
      : index_(index),
        q_(q),
        providers_(index.providers().mask(q.providers)),
        accounts_(index.accounts().mask(q.accounts)),
        kinds_(index.kinds().mask(q.kinds)) {}

  // Whether no row can match: the set's provider, account or kinds are all filtered out.
  bool excludes_all() const {
    auto none = [](const std::vector<bool>& m) { return std::find(m.begin(), m.end(), true) == m.end(); };
    return index_.rows() == 0 || none(providers_) || none(accounts_) || none(kinds_);
  }

  bool operator()(std::size_t row) const {
    if (!providers_[index_.providers().codes[row]] || !accounts_[index_.accounts().codes[row]] ||
        !kinds_[index_.kinds().codes[row]] || !in(q_.statuses, index_.status(row))) {
      return false;
    }
    const auto& q = q_;
    if (q.expires_before || q.expires_after) {
      const auto e = index_.integer(row, Field::kExpiresAt);
      if (q.expires_before && (!e || *e >= *q.expires_before)) return false;
      if (q.expires_after && (!e || *e <= *q.expires_after)) return false;
    }
    if (q.exhausts_before) {
      const auto e = index_.integer(row, Field::kProjectedExhaustion);
      if (!e || *e >= *q.exhausts_before) return false;
    }
    if (q.min_remaining) {
      const auto r = index_.integer(row, Field::kRemaining);
      if (!r || *r < *q.min_remaining) return false;
    }
    if (q.max_utilization) {
      const auto u = index_.real(row, Field::kUtilization);
      if (!u || *u > *q.max_utilization) return false;
    }
    return true;
  }

 private:
  const RecordIndex& index_;
  const QuotaQuery& q_;
  std::vector<bool> providers_, accounts_, kinds_;
};

std::vector<Row> matching_rows(std::span<const cache::RecordSetPtr> sets, const QuotaQuery& q) {
  std::vector<Row> out;
  for (const auto& set : sets) {
    if (!set) continue;
    const SetFilter keep(set->index, q);
    if (keep.excludes_all()) continue;
    const auto take = [&](std::size_t row) {
      if (keep(row)) out.push_back({set.get(), static_cast<std::uint32_t>(row)});
    };
    if (q.q.empty()) {
      out.reserve(out.size() + set->index.rows());
      for (std::size_t row = 0; row < set->index.rows(); ++row) take(row);
    } else {
      for (const auto row : set->index.rows_containing(q.q)) take(row);
    }
  }
  return out;
}

RecordRef ref_of(const Row& r) { return {&r.set->records[r.row], &r.set->json[r.row], r.set, r.row}; }

}  // namespace

std::vector<RecordRef> candidates(std::span<const cache::RecordSetPtr> sets) {
  std::vector<RecordRef> out;
  std::size_t total = 0;
  for (const auto& s : sets) total += s ? s->records.size() : 0;
  out.reserve(total);
  for (const auto& s : sets) {
    if (!s) continue;
    for (std::size_t i = 0; i < s->records.size(); ++i) out.push_back(ref_of({s.get(), static_cast<std::uint32_t>(i)}));
  }
  return out;
}

boost::system::result<Page, InvalidParam> select_indexed_page(std::span<const cache::RecordSetPtr> sets,
                                                              const QuotaQuery& q, std::string_view token_key) {
  auto cursor = page_cursor(q.page_token, q.fingerprint, token_key, q.sort.size());
  if (!cursor) return cursor.error();
  const auto specs = sort_specs(q);
  std::vector<Row> kept = matching_rows(sets, q);
  Page page;
  page.total_items = kept.size();
  auto begin = kept.begin();
  if (*cursor) {
    begin = std::partition(kept.begin(), kept.end(),
                           [&](const Row& r) { return compare_cursor(r, **cursor, specs) <= 0; });
  }
  const std::size_t take = std::min(static_cast<std::size_t>(kept.end() - begin), q.page_size + 1);
  std::partial_sort(begin, begin + static_cast<std::ptrdiff_t>(take), kept.end(),
                    [&](const Row& a, const Row& b) { return compare_rows(a, b, specs) < 0; });
  const std::size_t served = std::min(take, q.page_size);
  page.items.reserve(served);
  for (std::size_t i = 0; i < served; ++i) page.items.push_back(ref_of(begin[static_cast<std::ptrdiff_t>(i)]));
  if (take > q.page_size) {
    const auto& last = *page.items.back().record;
    Cursor next{{}, last.id};
    const std::size_t text_limit = text_key_limit(q.sort);
    for (const auto& k : q.sort) next.values.push_back(bounded_sort_value(last, k.field, text_limit));
    page.next_page_token = encode_page_token(next, q.fingerprint, token_key);
  }
  return page;
}

std::vector<RecordRef> select_indexed_all(std::span<const cache::RecordSetPtr> sets, const QuotaQuery& q) {
  const auto specs = sort_specs(q);
  std::vector<Row> kept = matching_rows(sets, q);
  std::sort(kept.begin(), kept.end(), [&](const Row& a, const Row& b) { return compare_rows(a, b, specs) < 0; });
  std::vector<RecordRef> out;
  out.reserve(kept.size());
  for (const auto& r : kept) out.push_back(ref_of(r));
  return out;
}

}  // namespace qg::quotas
