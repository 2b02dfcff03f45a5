#include "gateway/quotas/query.hpp"
#include "adapters/common/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "adapters/common/numbers.hpp"
#include "adapters/common/time.hpp"

namespace qg::quotas {
namespace {

constexpr std::int64_t kMaxAgeLimit = 86400;  // a day: longer than any sensible ttl

std::optional<std::int64_t> to_int(std::string_view s) { return adapters::parse_integer(s); }

std::optional<double> to_double(std::string_view s) { return adapters::parse_decimal(s); }

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

bool QuotaQuery::is_default() const {
  return providers.empty() && accounts.empty() && kinds.empty() && statuses.empty() && !expires_before &&
         !expires_after && !exhausts_before && !min_remaining && !max_utilization && q.empty() &&
         sort == std::vector<SortKey>{{"expires_at", false}} && page_size == 100 && page_token.empty() &&
         fields.empty() && !include_raw && format.value_or(OutputFormat::kJson) == OutputFormat::kJson;
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

boost::system::result<QuotaQuery, std::vector<InvalidParam>> parse_quota_query(std::string_view raw,
                                                                                const QueryContext& context) {
  static constexpr std::string_view kKnown[]{"provider", "account",  "kind",     "status",
                                             "expires_before", "expires_after", "exhausts_before",
                                             "min_remaining",
                                             "max_utilization", "q", "sort", "page_size", "page_token",
                                             "fields", "include", "format", "csv_bom", "refresh", "max_age"};
  static constexpr std::string_view kMulti[]{"provider", "account", "kind", "status", "fields", "include"};
  Params params(raw, {"GET /quotas", kKnown, kMulti});
  auto& errors = params.errors();
  auto single = [&](const char* name) { return params.single(name); };
  auto multi = [&](const char* name) { return params.list(name); };

  QuotaQuery q;
  q.providers = provider_param(params);
  q.accounts = account_param(params, context.accounts);
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
  if (auto sort = sort_param(params, sortable_fields())) q.sort = std::move(*sort);
  if (auto size = page_size_param(params)) {
    q.page_size = *size;
    q.page_size_given = true;
  }
  q.page_token = page_token_param(params);
  for (const auto& f : multi("fields")) {
    if (std::find(record_fields().begin(), record_fields().end(), f) == record_fields().end()) {
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

  std::vector<std::string> statuses;
  for (const auto s : q.statuses) statuses.emplace_back(adapters::to_string(s));
  q.fingerprint = "p=" + list_fingerprint(q.providers) + "|a=" + list_fingerprint(q.accounts) +
                  "|k=" + list_fingerprint(q.kinds) + "|s=" + list_fingerprint(statuses) + "|e=" + expires_text +
                  "|r=" + (q.min_remaining ? std::to_string(*q.min_remaining) : "") +
                  "|u=" + (q.max_utilization ? std::to_string(*q.max_utilization) : "") + "|q=" + q.q +
                  "|o=" + sort_fingerprint(q.sort);
  return q;
}

bool selects_source(const QuotaQuery& query, std::string_view provider, std::string_view account) {
  auto in = [](const std::vector<std::string>& list, std::string_view v) {
    return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
  };
  return in(query.providers, provider) && in(query.accounts, account);
}

}  // namespace qg::quotas
