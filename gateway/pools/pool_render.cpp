#include "gateway/pools/pool_render.hpp"

#include <array>

#include <boost/json/value.hpp>

#include "adapters/common/json_write.hpp"
#include "adapters/common/numbers.hpp"
#include "adapters/common/time.hpp"
#include "gateway/quotas/render.hpp"

namespace qg::pools {
namespace {

namespace json = boost::json;

json::value time_or_null(const std::optional<std::int64_t>& t) {
  return t ? json::value(adapters::format_rfc3339_utc(*t)) : json::value(nullptr);
}

json::value int_or_null(const std::optional<std::int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }

std::optional<std::int64_t> next_waste_at(const Simulation& sim) {
  std::optional<std::int64_t> first;
  for (const auto& m : sim.members) {
    if (m.waste_at && (!first || *m.waste_at < *first)) first = m.waste_at;
  }
  return first;
}

json::object member_json(const adapters::QuotaRecord& r, const MemberOutcome* outcome) {
  json::object o;
  o["id"] = r.id;
  o["name"] = r.name;
  o["status"] = adapters::to_string(r.status);
  o["remaining"] = int_or_null(r.remaining);
  o["starts_at"] = time_or_null(r.starts_at);
  o["expires_at"] = time_or_null(r.expires_at);
  o["drain_starts_at"] = time_or_null(outcome ? outcome->drain_starts_at : std::nullopt);
  o["drain_stops_at"] = time_or_null(outcome ? outcome->drain_stops_at : std::nullopt);
  o["projected_exhaustion_at"] = time_or_null(outcome ? outcome->exhausted_at : std::nullopt);
  o["waste"] = outcome ? json::value(outcome->waste) : json::value(nullptr);
  o["waste_at"] = time_or_null(outcome ? outcome->waste_at : std::nullopt);
  return o;
}

// The CSV columns: the pool's scalar fields, in pool_json's order.
constexpr std::array<std::string_view, 18> kColumns{
    "id",         "provider",          "account",                 "kind",   "unit",
    "resource_catalog_code", "deduction_order", "as_of",          "member_count", "remaining",
    "burn_rate_per_day", "projected_exhaustion_at", "buy_by", "no_exhaustion_reason", "waste",
    "next_waste_at", "horizon_seconds", "cover"};

std::string cell(const json::value& v) {
  if (v.is_null()) return {};
  if (const auto* s = v.if_string()) return quotas::csv_cell(*s, false);
  if (v.is_double()) return adapters::format_decimal(v.get_double());
  return adapters::json::serialize(v);
}

}  // namespace

json::object pool_json(const Pool& pool, bool with_members) {
  const Simulation* sim = pool.simulation ? &*pool.simulation : nullptr;
  json::object o;
  o["id"] = pool.id;
  o["provider"] = pool.key.provider;
  o["account"] = pool.key.account;
  o["kind"] = pool.key.kind;
  o["unit"] = pool.key.unit;
  o["resource_catalog_code"] = pool.key.catalog_code.empty() ? json::value(nullptr) : json::value(pool.key.catalog_code);
  o["deduction_order"] = to_string(pool.key.order);
  o["as_of"] = adapters::format_rfc3339_utc(pool.as_of);
  o["member_count"] = pool.members.size();
  o["remaining"] = pool.remaining;
  o["burn_rate_per_day"] = pool.burn_rate_per_day ? json::value(*pool.burn_rate_per_day) : json::value(nullptr);
  o["projected_exhaustion_at"] = time_or_null(sim ? sim->runs_out_at : std::nullopt);
  o["buy_by"] = time_or_null(sim ? sim->runs_out_at : std::nullopt);
  const auto reason = no_run_out_reason(pool);
  o["no_exhaustion_reason"] = reason.empty() ? json::value(nullptr) : json::value(reason);
  o["waste"] = sim ? json::value(sim->waste) : json::value(nullptr);
  o["next_waste_at"] = time_or_null(sim ? next_waste_at(*sim) : std::nullopt);
  o["horizon_seconds"] = pool.horizon_seconds;
  o["cover"] = sim ? json::value(sim->cover) : json::value(nullptr);
  if (with_members) {
    json::array members;
    for (std::size_t i = 0; i < pool.members.size(); ++i)
      members.push_back(member_json(*pool.members[i], sim ? &sim->members[i] : nullptr));
    o["members"] = std::move(members);
  }
  return o;
}

std::string render_pools_json(const PoolPage& page, std::span<const quotas::SourceReport> sources) {
  std::string out = "{\"items\":[";
  for (std::size_t i = 0; i < page.items.size(); ++i) {
    if (i > 0) out += ',';
    out += adapters::json::serialize(pool_json(*page.items[i], false));
  }
  out += "],\"sources\":[";
  out += quotas::render_json_sources(sources);
  out += "],\"total_items\":" + std::to_string(page.total_items) + ",\"next_page_token\":";
  out += page.next_page_token ? adapters::json::serialize(json::value(*page.next_page_token)) : "null";
  out += '}';
  return out;
}

std::string render_pools_csv(const PoolPage& page) {
  std::string out;
  for (std::size_t c = 0; c < kColumns.size(); ++c) out += (c > 0 ? "," : "") + std::string(kColumns[c]);
  out += "\r\n";
  for (const Pool* pool : page.items) {
    const auto o = pool_json(*pool, false);
    for (std::size_t c = 0; c < kColumns.size(); ++c) {
      if (c > 0) out += ',';
      out += cell(o.at(kColumns[c]));
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace qg::pools
