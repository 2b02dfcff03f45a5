#include "gateway/pools/pool_exposition.hpp"

#include <functional>

#include "adapters/common/numbers.hpp"
#include "gateway/quotas/exporter.hpp"

namespace qg::pools {
namespace {

using quotas::append_label_value;

void append_info(std::string& out, const Pool& p) {
  out.append("quotagw_pool_info{account=\"");
  append_label_value(out, p.key.account);
  out.append("\",deduction_order=\"").append(to_string(p.key.order));
  out.append("\",kind=\"");
  append_label_value(out, p.key.kind);
  // The unit the provider counts in, as on quotagw_package_info: the value series are in base units.
  out.append("\",native_unit=\"");
  append_label_value(out, p.key.unit);
  out.append("\",pool_id=\"");
  append_label_value(out, p.id);
  out.append("\",provider=\"");
  append_label_value(out, p.key.provider);
  out.append("\"} 1\n");
}

// One family: its header once, then a series per pool that has a value.
void family(std::string& out, std::span<const Pool> pools, const std::string& name, std::string_view help,
            const std::function<std::optional<double>(const Pool&)>& value_of) {
  bool header = false;
  for (const Pool& p : pools) {
    const auto v = value_of(p);
    if (!v) continue;
    if (!header) quotas::append_gauge_header(out, name, help);
    header = true;
    out.append(name).append("{pool_id=\"");
    append_label_value(out, p.id);
    out.append("\"} ");
    adapters::append_decimal(out, *v);
    out.push_back('\n');
  }
}

const Simulation* sim_of(const Pool& p) { return p.simulation ? &*p.simulation : nullptr; }

std::optional<double> time_value(const std::optional<std::int64_t>& t) {
  return t ? std::optional<double>(static_cast<double>(*t)) : std::nullopt;
}

}  // namespace

std::string render_pool_families(std::span<const Pool> pools, double waste_threshold_ratio) {
  std::string out;
  if (!pools.empty()) {
    quotas::append_gauge_header(out, "quotagw_pool_info", "Descriptive labels of each pool; always 1");
    for (const Pool& p : pools) append_info(out, p);
  }
  for (const std::string_view suffix : {"bytes", "seconds", "licenses", "units"}) {
    // Amounts in the pool's base unit; pools in another unit have none of these families.
    auto in_unit = [suffix](const Pool& p, std::optional<std::int64_t> amount) -> std::optional<double> {
      const auto base = quotas::base_unit(p.key.unit);
      if (!base || base->suffix != suffix || !amount) return std::nullopt;
      return static_cast<double>(*amount) * base->factor;
    };
    family(out, pools, "quotagw_pool_remaining_" + std::string(suffix), "What the pool's members can still be drawn for",
           [&](const Pool& p) { return in_unit(p, p.remaining); });
    family(out, pools, "quotagw_pool_waste_" + std::string(suffix),
           "What the pool's members will hold when they expire, at the current rate",
           [&](const Pool& p) { return in_unit(p, sim_of(p) ? std::optional(sim_of(p)->waste) : std::nullopt); });
  }
  family(out, pools, "quotagw_pool_waste_ratio", "Waste over what the pool holds", [](const Pool& p) {
    if (!sim_of(p) || p.remaining <= 0) return std::optional<double>();
    return std::optional(static_cast<double>(sim_of(p)->waste) / static_cast<double>(p.remaining));
  });
  family(out, pools, "quotagw_pool_projected_exhaustion_timestamp_seconds",
         "When the pool runs out at its current rate, members drawn on in deduction order",
         [](const Pool& p) { return time_value(sim_of(p) ? sim_of(p)->runs_out_at : std::nullopt); });
  family(out, pools, "quotagw_pool_buy_by_timestamp_seconds", "When a new package must be active to avoid running out",
         [](const Pool& p) { return time_value(sim_of(p) ? sim_of(p)->runs_out_at : std::nullopt); });
  quotas::append_gauge_header(out, "quotagw_pool_waste_threshold_ratio",
                              "quotagw_pool_waste_ratio above which QuotaPoolWastesUnits fires (exporter.pool_waste_ratio)");
  out.append("quotagw_pool_waste_threshold_ratio ");
  adapters::append_decimal(out, waste_threshold_ratio);
  out.push_back('\n');
  return out;
}

}  // namespace qg::pools
