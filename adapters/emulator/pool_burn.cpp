#include "adapters/emulator/pool_burn.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <boost/json/serialize.hpp>

#include "adapters/common/time.hpp"

namespace qg::emulator {
namespace {

std::int64_t int_of(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}

std::string text_of(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t beijing_time(const boost::json::object& o, std::string_view key) {
  return adapters::parse_local_datetime(text_of(o, key), adapters::kBeijingUtcOffsetSeconds).value_or(0);
}

// How one API's records read and change: which pool a record is in, whether the cloud can draw
// on it, its counters, and the statuses it moves through.
struct Shape {
  std::string_view pool_field, total_field, left_field, start_field, expiry_field, id_field;
  bool (*usable_status)(const boost::json::object&);
  void (*mark)(boost::json::object&, std::int64_t left);
};

bool tencent_usable(const boost::json::object& p) {
  const auto s = int_of(p, "Status");
  return s == 0 || s == 1;
}

void tencent_mark(boost::json::object& p, std::int64_t left) {
  p["Left"] = left;
  p["Used"] = int_of(p, "Total") - left;
  p["Status"] = left == 0 ? 4 : 1;
}

bool aicontent_usable(const boost::json::object& o) { return text_of(o, "resourceStatus") == "ACTIVE"; }

void aicontent_mark(boost::json::object& o, std::int64_t left) {
  o["remainQuantity"] = left;
  if (left == 0) o["resourceStatus"] = "EXHAUSTED";
}

constexpr Shape kTencent{"Type", "Total", "Left", "BuyTime", "ExpireTime", "Id", tencent_usable, tencent_mark};
constexpr Shape kAicontent{"resourceCatalogCode", "quantity", "remainQuantity", "effectiveTime", "expireTime",
                           "instanceId", aicontent_usable, aicontent_mark};

bool drawable_at(const boost::json::object& o, const Shape& shape, std::int64_t at) {
  return shape.usable_status(o) && beijing_time(o, shape.start_field) <= at && at < beijing_time(o, shape.expiry_field);
}

void burn_list(std::vector<boost::json::object>& list, const Shape& shape, double fraction, std::int64_t since,
               std::int64_t now) {
  std::map<std::string, std::vector<boost::json::object*>> pools;
  for (auto& o : list) {
    const auto* key = o.if_contains(shape.pool_field);
    pools[key ? boost::json::serialize(*key) : std::string()].push_back(&o);
  }
  for (auto& [key, members] : pools) {
    std::int64_t total = 0;
    for (const auto* m : members) {
      if (drawable_at(*m, shape, since)) total += int_of(*m, shape.total_field);
    }
    auto amount = static_cast<std::int64_t>(std::llround(static_cast<double>(total) * fraction));
    std::sort(members.begin(), members.end(), [&shape](const auto* a, const auto* b) {
      return std::make_tuple(beijing_time(*a, shape.expiry_field), beijing_time(*a, shape.start_field),
                             text_of(*a, shape.id_field)) <
             std::make_tuple(beijing_time(*b, shape.expiry_field), beijing_time(*b, shape.start_field),
                             text_of(*b, shape.id_field));
    });
    for (auto* m : members) {
      if (amount <= 0) break;
      const std::int64_t left = int_of(*m, shape.left_field);
      if (left <= 0 || !drawable_at(*m, shape, now)) continue;
      const std::int64_t take = std::min(left, amount);
      amount -= take;
      shape.mark(*m, left - take);
    }
  }
}

bool applies(std::optional<Api> api, Api which) { return !api || *api == which; }

}  // namespace

Dataset burn_in_order(const Dataset& data, std::optional<Api> api, double fraction, std::int64_t since_unix,
                      std::int64_t now_unix) {
  Dataset out = data;
  if (fraction <= 0) return out;
  if (applies(api, Api::kTencentLive)) {
    for (auto& list : out.tencent) burn_list(list, kTencent, fraction, since_unix, now_unix);
  }
  if (applies(api, Api::kAlibabaAicontent)) burn_list(out.aicontent, kAicontent, fraction, since_unix, now_unix);
  return out;
}

}  // namespace qg::emulator
