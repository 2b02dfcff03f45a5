#include "gateway/pools/pool_query.hpp"

#include <algorithm>

#include "adapters/common/numbers.hpp"

namespace qg::pools {
namespace {

using quotas::Params;

constexpr std::int64_t kMinHorizon = 3600;
constexpr std::int64_t kMaxHorizon = 3650LL * 86400;  // ten years

// A positive duration: "90d", "12w", "36h", "3600s".
void read_horizon(Params& params, std::int64_t& horizon) {
  const auto v = params.single("horizon");
  if (!v) return;
  const bool relative = !v->empty() && std::string_view("smhdw").find(v->back()) != std::string_view::npos &&
                        v->front() != '-';
  const auto seconds = relative ? quotas::parse_time_param(*v, 0) : std::nullopt;
  if (!seconds || *seconds < kMinHorizon || *seconds > kMaxHorizon) {
    params.fail("horizon", "'" + *v + "' is not a duration between 1h and 3650d (90d, 12w, 36h)");
    return;
  }
  horizon = *seconds;
}

}  // namespace

const std::vector<std::string_view>& pool_sortable_fields() {
  static const std::vector<std::string_view> fields{"id",     "provider", "account", "kind", "remaining",
                                                    "burn_rate_per_day", "projected_exhaustion_at", "buy_by",
                                                    "waste",  "cover"};
  return fields;
}

boost::system::result<PoolQuery, std::vector<quotas::InvalidParam>> parse_pool_query(
    std::string_view raw, std::int64_t now_unix, std::span<const std::string> accounts) {
  static constexpr std::string_view kKnown[]{"provider", "account",   "kind",      "exhausts_before",
                                             "wastes_more_than", "horizon", "sort", "page_size",
                                             "page_token", "format"};
  static constexpr std::string_view kRepeatable[]{"provider", "account", "kind"};
  Params params(raw, {"GET /pools", kKnown, kRepeatable});
  PoolQuery q;
  q.providers = quotas::provider_param(params);
  q.accounts = quotas::account_param(params, accounts);
  q.kinds = params.list("kind");
  std::string exhausts_text;
  if (auto v = params.single("exhausts_before")) {
    if (auto t = quotas::parse_time_param(*v, now_unix)) {
      q.exhausts_before = *t;
      exhausts_text = *v;
    } else {
      params.fail("exhausts_before", "'" + *v + "' is neither RFC 3339 (2026-12-31T00:00:00Z) nor relative (30d, 12h, now)");
    }
  }
  if (auto v = params.single("wastes_more_than")) {
    const auto n = adapters::parse_integer(*v);
    if (n && *n >= 0) q.wastes_more_than = *n;
    else params.fail("wastes_more_than", "'" + *v + "' is not a whole number of units, 0 or more");
  }
  read_horizon(params, q.horizon_seconds);
  if (auto sort = quotas::sort_param(params, pool_sortable_fields())) q.sort = std::move(*sort);
  if (auto size = quotas::page_size_param(params)) {
    q.page_size = *size;
    q.page_size_given = true;
  }
  q.page_token = quotas::page_token_param(params);
  if (auto v = params.single("format")) {
    if (*v == "json") q.format = quotas::OutputFormat::kJson;
    else if (*v == "csv") q.format = quotas::OutputFormat::kCsv;
    else params.fail("format", "'" + *v + "' is not json or csv");
  }
  if (!params.errors().empty()) return std::move(params.errors());
  q.fingerprint = "pools|p=" + quotas::list_fingerprint(q.providers) + "|a=" + quotas::list_fingerprint(q.accounts) +
                  "|k=" + quotas::list_fingerprint(q.kinds) + "|e=" + exhausts_text +
                  "|w=" + (q.wastes_more_than ? std::to_string(*q.wastes_more_than) : "") +
                  "|h=" + std::to_string(q.horizon_seconds) + "|o=" + quotas::sort_fingerprint(q.sort);
  return q;
}

boost::system::result<std::int64_t, std::vector<quotas::InvalidParam>> parse_pool_detail_query(std::string_view raw) {
  static constexpr std::string_view kKnown[]{"horizon"};
  Params params(raw, {"GET /pools/{id}", kKnown, {}});
  std::int64_t horizon = kDefaultHorizonSeconds;
  read_horizon(params, horizon);
  if (!params.errors().empty()) return std::move(params.errors());
  return {boost::system::in_place_value, horizon};
}

bool selects_source(const PoolQuery& q, std::string_view provider, std::string_view account) {
  auto in = [](const std::vector<std::string>& list, std::string_view v) {
    return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
  };
  return in(q.providers, provider) && in(q.accounts, account);
}

}  // namespace qg::pools
