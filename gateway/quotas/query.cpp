#include "gateway/quotas/query.hpp"
#include "adapters/common/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "adapters/common/numbers.hpp"
#include "adapters/common/provider_catalog.hpp"
#include "adapters/common/time.hpp"

namespace qg::quotas {
namespace {

using Params = std::vector<InvalidParam>;

constexpr std::size_t kMaxValueLength = 1024;
constexpr std::int64_t kMaxAgeLimit = 86400;  // a day: longer than any sensible ttl

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find(sep, start);
    out.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

std::string join(const std::vector<std::string_view>& items) {
  std::string out;
  for (auto i : items) {
    if (!out.empty()) out += ", ";
    out += i;
  }
  return out;
}

bool contains(const std::vector<std::string_view>& items, std::string_view v) {
  return std::find(items.begin(), items.end(), v) != items.end();
}

// Multi-valued parameters: repeatable and comma-separated, values trimmed, none empty.
std::vector<std::string> list_values(const std::vector<std::string>& raw, std::string_view name, Params& errors) {
  std::vector<std::string> out;
  for (const auto& r : raw) {
    for (auto part : split(r, ',')) {
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
      if (part.empty()) {
        errors.push_back({std::string(name), "must not contain an empty value"});
        continue;
      }
      if (std::find(out.begin(), out.end(), part) == out.end()) out.emplace_back(part);
    }
  }
  return out;
}

std::optional<std::int64_t> to_int(std::string_view s) { return adapters::parse_integer(s); }

std::optional<double> to_double(std::string_view s) { return adapters::parse_decimal(s); }

std::string sort_text(const std::vector<SortKey>& sort) {
  std::string out;
  for (const auto& k : sort) out += (k.descending ? "-" : "+") + k.field + ",";
  return out;
}

template <class T>
std::string list_text(std::vector<T> values) {
  std::sort(values.begin(), values.end());
  std::string out;
  for (const auto& v : values) {
    if constexpr (std::is_same_v<T, adapters::QuotaStatus>) {
      out += std::string(adapters::to_string(v));
    } else {
      out += v;
    }
    out += ",";
  }
  return out;
}

}  // namespace

const std::vector<std::string_view>& record_fields() {
  static const std::vector<std::string_view> fields{
      "id",     "provider", "account", "kind",        "name",      "status",     "native_status", "unit",
      "total",  "used",     "remaining", "utilization", "starts_at", "expires_at", "auto_renew",
      "burn_rate_per_day", "projected_exhaustion_at", "details"};
  return fields;
}

const std::vector<std::string_view>& sortable_fields() {
  static const std::vector<std::string_view> fields{"id",     "provider", "account",   "kind",
                                                    "name",   "status",   "unit",      "total",
                                                    "used",   "remaining", "utilization", "starts_at",
                                                    "expires_at", "burn_rate_per_day",
                                                    "projected_exhaustion_at"};
  return fields;
}

const std::vector<std::string_view>& known_providers() {
  static const std::vector<std::string_view> providers = [] {
    std::vector<std::string_view> names;
    for (const auto& p : adapters::provider_catalog()) names.push_back(p.name);
    return names;
  }();
  return providers;
}

bool QuotaQuery::is_default() const {
  return providers.empty() && accounts.empty() && kinds.empty() && statuses.empty() && !expires_before &&
         !expires_after && !exhausts_before && !min_remaining && !max_utilization && q.empty() &&
         sort == std::vector<SortKey>{{"expires_at", false}} && page_size == 100 && page_token.empty() &&
         fields.empty() && !include_raw && format.value_or(OutputFormat::kJson) == OutputFormat::kJson;
}

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      unsigned v = 0;
      auto [ptr, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, v, 16);
      if (ec != std::errc() || ptr != text.data() + i + 3) return std::nullopt;
      out.push_back(static_cast<char>(v));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

std::optional<std::int64_t> parse_time_param(std::string_view text, std::int64_t now_unix) {
  if (text == "now") return now_unix;
  if (auto t = adapters::parse_rfc3339(text)) return t;
  if (text.size() < 2) return std::nullopt;
  const char unit = text.back();
  std::int64_t factor = 0;
  switch (unit) {
    case 's': factor = 1; break;
    case 'm': factor = 60; break;
    case 'h': factor = 3600; break;
    case 'd': factor = 86400; break;
    case 'w': factor = 7 * 86400; break;
    default: return std::nullopt;
  }
  std::string_view number = text.substr(0, text.size() - 1);
  if (!number.empty() && number.front() == '+') number.remove_prefix(1);
  auto amount = to_int(number);
  if (!amount || *amount > 100LL * 366 * 86400 || *amount < -100LL * 366 * 86400) return std::nullopt;
  if (std::abs(*amount) > 100LL * 366 * 86400 / factor) return std::nullopt;  // ±100 years is plenty
  return now_unix + *amount * factor;
}

boost::system::result<QuotaQuery, Params> parse_quota_query(std::string_view raw, const QueryContext& context) {
  static const std::vector<std::string_view> kKnown{"provider", "account",  "kind",     "status",
                                                     "expires_before", "expires_after", "exhausts_before",
                                                     "min_remaining",
                                                     "max_utilization", "q", "sort", "page_size", "page_token",
                                                     "fields", "include", "format", "csv_bom", "refresh", "max_age"};
  static const std::set<std::string_view> kMulti{"provider", "account", "kind", "status", "fields", "include"};
  Params errors;
  std::map<std::string, std::vector<std::string>> values;
  if (!raw.empty()) {
    for (auto pair : split(raw, '&')) {
      if (pair.empty()) continue;  // "a=1&&b=2": tolerated, as browsers and curl produce it
      const auto eq = pair.find('=');
      auto name = percent_decode(pair.substr(0, eq));
      auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
      const std::string shown = name && valid_utf8(*name) ? *name : std::string(pair.substr(0, std::min<std::size_t>(eq, 64)));
      if (!name || !value) {
        errors.push_back({shown, "contains a malformed percent-encoding"});
        continue;
      }
      if (!valid_utf8(*name) || !valid_utf8(*value)) {
        errors.push_back({valid_utf8(*name) ? *name : "(invalid name)", "is not valid UTF-8"});
        continue;
      }
      if (!contains(kKnown, *name)) {
        errors.push_back({*name, "is not a parameter of GET /quotas; known: " + join(kKnown)});
        continue;
      }
      if (value->size() > kMaxValueLength) {
        errors.push_back({*name, "is longer than " + std::to_string(kMaxValueLength) + " bytes"});
        continue;
      }
      values[*name].push_back(std::move(*value));
    }
  }
  for (const auto& [name, list] : values) {
    if (list.size() > 1 && !kMulti.count(name)) errors.push_back({name, "may be given only once"});
  }
  auto single = [&](const char* name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end() || it->second.size() != 1) return std::nullopt;
    return it->second.front();
  };
  auto multi = [&](const char* name) {
    auto it = values.find(name);
    return it == values.end() ? std::vector<std::string>{} : list_values(it->second, name, errors);
  };

  QuotaQuery q;
  q.providers = multi("provider");
  for (const auto& p : q.providers) {
    if (!contains(known_providers(), p)) errors.push_back({"provider", "unknown provider '" + p + "'; one of " + join(known_providers())});
  }
  q.accounts = multi("account");
  for (const auto& a : q.accounts) {
    if (std::find(context.accounts.begin(), context.accounts.end(), a) == context.accounts.end()) {
      errors.push_back({"account", "no configured account is named '" + a + "'"});
    }
  }
  q.kinds = multi("kind");
  for (const auto& s : multi("status")) {
    if (auto status = adapters::parse_quota_status(s)) {
      q.statuses.push_back(*status);
    } else {
      std::vector<std::string_view> names(adapters::all_quota_status_names().begin(), adapters::all_quota_status_names().end());
      errors.push_back({"status", "unknown status '" + s + "'; one of " + join(names)});
    }
  }
  std::string expires_text;
  for (const char* name : {"expires_before", "expires_after", "exhausts_before"}) {
    if (auto v = single(name)) {
      auto t = parse_time_param(*v, context.now_unix);
      if (!t) {
        errors.push_back({name, "'" + *v + "' is neither RFC 3339 (2026-12-31T00:00:00Z) nor relative (30d, -7d, 12h, now)"});
      } else {
        const std::string_view n(name);
        (n == "expires_before" ? q.expires_before : n == "expires_after" ? q.expires_after : q.exhausts_before) = *t;
        expires_text += std::string(name) + "=" + *v + ";";
      }
    }
  }
  if (q.expires_before && q.expires_after && *q.expires_after >= *q.expires_before) {
    errors.push_back({"expires_after", "must be earlier than expires_before"});
  }
  if (auto v = single("min_remaining")) {
    if (auto n = to_int(*v)) q.min_remaining = *n;
    else errors.push_back({"min_remaining", "'" + *v + "' is not an integer"});
  }
  if (auto v = single("max_utilization")) {
    auto d = to_double(*v);
    if (d && *d >= 0 && *d <= 1) q.max_utilization = *d;
    else errors.push_back({"max_utilization", "'" + *v + "' is not a number between 0 and 1 (0.9 = 90 % used)"});
  }
  if (auto v = single("q")) {
    if (v->size() > 200) errors.push_back({"q", "is longer than 200 bytes"});
    q.q = adapters::ascii_lower(*v);
  }
  if (auto v = single("sort")) {
    q.sort.clear();
    std::set<std::string> seen;
    for (auto part : split(*v, ',')) {
      SortKey key;
      if (!part.empty() && (part.front() == '-' || part.front() == '+')) {
        key.descending = part.front() == '-';
        part.remove_prefix(1);
      }
      key.field = std::string(part);
      if (!contains(sortable_fields(), key.field)) {
        errors.push_back({"sort", "cannot sort by '" + key.field + "'; sortable: " + join(sortable_fields())});
      } else if (!seen.insert(key.field).second) {
        errors.push_back({"sort", "names '" + key.field + "' twice"});
      } else {
        q.sort.push_back(key);
      }
    }
  }
  if (auto v = single("page_size")) {
    auto n = to_int(*v);
    if (n && *n >= 1 && *n <= 1000) {
      q.page_size = static_cast<std::size_t>(*n);
      q.page_size_given = true;
    } else errors.push_back({"page_size", "'" + *v + "' is not an integer between 1 and 1000"});
  }
  if (auto v = single("page_token")) {
    if (v->empty()) errors.push_back({"page_token", "must not be empty"});
    q.page_token = *v;
  }
  for (const auto& f : multi("fields")) {
    if (!contains(record_fields(), f)) {
      errors.push_back({"fields", "unknown field '" + f + "'; fields: " + join(record_fields())});
    } else {
      q.fields.push_back(f);
    }
  }
  for (const auto& i : multi("include")) {
    if (i == "raw") q.include_raw = true;
    else errors.push_back({"include", "'" + i + "' cannot be included; only 'raw'"});
  }
  if (auto v = single("format")) {
    if (*v == "json") q.format = OutputFormat::kJson;
    else if (*v == "csv") q.format = OutputFormat::kCsv;
    else if (*v == "ndjson") q.format = OutputFormat::kNdjson;
    else errors.push_back({"format", "'" + *v + "' is not json, csv or ndjson"});
  }
  for (const char* name : {"refresh", "csv_bom"}) {
    if (auto v = single(name)) {
      bool& flag = std::string_view(name) == "refresh" ? q.refresh : q.csv_bom;
      if (*v == "true" || *v == "1") flag = true;
      else if (*v == "false" || *v == "0") flag = false;
      else errors.push_back({name, "'" + *v + "' is not true or false"});
    }
  }
  if (auto v = single("max_age")) {
    auto n = to_int(*v);
    if (n && *n >= 0 && *n <= kMaxAgeLimit) q.max_age = std::chrono::seconds(*n);
    else errors.push_back({"max_age", "'" + *v + "' is not a whole number of seconds between 0 and 86400"});
  }
  if (!errors.empty()) return errors;

  q.fingerprint = "p=" + list_text(q.providers) + "|a=" + list_text(q.accounts) + "|k=" + list_text(q.kinds) +
                  "|s=" + list_text(q.statuses) + "|e=" + expires_text +
                  "|r=" + (q.min_remaining ? std::to_string(*q.min_remaining) : "") +
                  "|u=" + (q.max_utilization ? std::to_string(*q.max_utilization) : "") + "|q=" + q.q +
                  "|o=" + sort_text(q.sort);
  return q;
}

bool selects_source(const QuotaQuery& query, std::string_view provider, std::string_view account) {
  auto in = [](const std::vector<std::string>& list, std::string_view v) {
    return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
  };
  return in(query.providers, provider) && in(query.accounts, account);
}

}  // namespace qg::quotas
