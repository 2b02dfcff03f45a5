#include "gateway/history/history_render.hpp"

#include <boost/json/value.hpp>

#include "adapters/common/json_write.hpp"
#include "adapters/common/time.hpp"

namespace qg::history {
namespace {

boost::json::value number(const std::optional<std::int64_t>& v) { return v ? boost::json::value(*v) : nullptr; }

std::string cell(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : std::string(); }

}  // namespace

std::string render_history_json(const PackageHistory& h) {
  boost::json::array samples;
  samples.reserve(h.samples.size());
  for (const auto& s : h.samples) {
    samples.push_back(boost::json::object{{"at", adapters::format_rfc3339_utc(s.at)},
                                          {"used", number(s.used)},
                                          {"remaining", number(s.remaining)},
                                          {"total", number(s.total)}});
  }
  boost::json::object o;
  o["id"] = h.id;
  o["unit"] = h.unit;
  o["samples"] = std::move(samples);
  o["burn_rate_per_day"] = h.forecast.burn_rate_per_day ? boost::json::value(*h.forecast.burn_rate_per_day) : nullptr;
  o["projected_exhaustion_at"] = h.forecast.projected_exhaustion_at
                                     ? boost::json::value(adapters::format_rfc3339_utc(*h.forecast.projected_exhaustion_at))
                                     : nullptr;
  return adapters::json::serialize(o);
}

std::string render_history_csv(const PackageHistory& h) {
  std::string out = "at,used,remaining,total\r\n";
  for (const auto& s : h.samples) {
    out += adapters::format_rfc3339_utc(s.at) + "," + cell(s.used) + "," + cell(s.remaining) + "," + cell(s.total) + "\r\n";
  }
  return out;
}

}  // namespace qg::history
