#include "adapters/emulator/usage.hpp"

#include <algorithm>
#include <cmath>

#include <boost/json/parse.hpp>

namespace qg::emulator {
namespace {

std::int64_t int_of(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}

std::int64_t share(std::int64_t total, double fraction) {
  return static_cast<std::int64_t>(std::llround(static_cast<double>(total) * fraction));
}

void consume_tencent(boost::json::object& p, double fraction) {
  if (int_of(p, "Status") != 1) return;  // only packages in use
  const auto total = int_of(p, "Total");
  const auto used = std::min(total, int_of(p, "Used") + share(total, fraction));
  p["Used"] = used;
  p["Left"] = total - used;
}

void consume_aicontent(boost::json::object& o, double fraction) {
  const auto* status = o.if_contains("resourceStatus");
  if (!status || !status->is_string() || status->as_string() != "ACTIVE") return;
  const auto total = int_of(o, "quantity");
  o["remainQuantity"] = std::max<std::int64_t>(0, int_of(o, "remainQuantity") - share(total, fraction));
}

bool applies(std::optional<Api> api, Api which) { return !api || *api == which; }

}  // namespace

std::variant<UsageUpdate, std::string> parse_usage(std::string_view body) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return std::string("the body must be a JSON object");
  UsageUpdate u;
  for (const auto& [key, value] : v.as_object()) {
    if (key == "api") {
      if (!value.is_string()) return std::string("api must be a string");
      u.api = parse_api(value.as_string());
      if (!u.api) return std::string("unknown api");
    } else if (key == "consume" || key == "burn_per_hour" || key == "pool_burn_per_hour") {
      if (!value.is_number()) return std::string(key) + " must be a number";
      const double f = value.to_number<double>();
      if (!(f >= 0 && f <= 1)) return std::string(key) + " must be a fraction in [0, 1]";
      if (key == "consume") {
        u.consume = f;
      } else {
        if (u.burn_per_hour) return std::string("give burn_per_hour or pool_burn_per_hour, not both");
        u.burn_per_hour = f;
        u.in_order = key == "pool_burn_per_hour";
      }
    } else {
      return "unknown field " + std::string(key);
    }
  }
  return u;
}

Dataset consume(const Dataset& data, std::optional<Api> api, double fraction) {
  Dataset out = data;
  if (fraction <= 0) return out;
  if (applies(api, Api::kTencentLive)) {
    for (auto& list : out.tencent) {
      for (auto& p : list) consume_tencent(p, fraction);
    }
  }
  if (applies(api, Api::kAlibabaAicontent)) {
    for (auto& o : out.aicontent) consume_aicontent(o, fraction);
  }
  return out;
}

}  // namespace qg::emulator
