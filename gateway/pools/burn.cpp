#include "gateway/pools/burn.hpp"

#include <algorithm>
#include <cmath>

namespace qg::pools {
namespace {

struct Point {
  std::int64_t at;
  std::int64_t consumed;  // since the member's first sample
};

std::optional<std::int64_t> level_of(const history::Sample& s) {
  if (s.remaining) return s.remaining;
  if (s.used && s.total) return *s.total - *s.used;
  return std::nullopt;
}

// What the member used between two samples; a rise in level or a fall in `used` (a refill, an
// accounting correction) is not negative use.
std::int64_t used_between(const history::Sample& a, const history::Sample& b) {
  if (a.used && b.used) return std::max<std::int64_t>(*b.used - *a.used, 0);
  const auto before = level_of(a);
  const auto after = level_of(b);
  if (before && after) return std::max<std::int64_t>(*before - *after, 0);
  return 0;
}

std::vector<Point> consumption(MemberSeries samples) {
  std::vector<Point> points;
  points.reserve(samples.size());
  std::int64_t consumed = 0;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (i > 0) consumed += used_between(samples[i - 1], samples[i]);
    points.push_back({samples[i].at, consumed});
  }
  return points;
}

// The member's consumption at `at`: 0 before its first sample, its last value after its last,
// linear in between. `cursor` only moves forward, since the instants come in ascending order.
double consumed_at(const std::vector<Point>& points, std::size_t& cursor, std::int64_t at) {
  if (points.empty() || at <= points.front().at) return 0;
  while (cursor + 1 < points.size() && points[cursor + 1].at <= at) ++cursor;
  const Point& a = points[cursor];
  if (cursor + 1 == points.size() || a.at == at) return static_cast<double>(a.consumed);
  const Point& b = points[cursor + 1];
  const double f = static_cast<double>(at - a.at) / static_cast<double>(b.at - a.at);
  return static_cast<double>(a.consumed) + f * static_cast<double>(b.consumed - a.consumed);
}

}  // namespace

std::vector<history::Sample> pool_used_series(std::span<const MemberSeries> members) {
  std::vector<std::vector<Point>> per_member;
  std::vector<std::int64_t> instants;
  per_member.reserve(members.size());
  for (const auto& m : members) {
    per_member.push_back(consumption(m));
    for (const auto& p : per_member.back()) instants.push_back(p.at);
  }
  std::sort(instants.begin(), instants.end());
  instants.erase(std::unique(instants.begin(), instants.end()), instants.end());

  std::vector<std::size_t> cursors(per_member.size(), 0);
  std::vector<history::Sample> series;
  series.reserve(instants.size());
  for (const std::int64_t at : instants) {
    double total = 0;
    for (std::size_t m = 0; m < per_member.size(); ++m) total += consumed_at(per_member[m], cursors[m], at);
    history::Sample s;
    s.at = at;
    s.used = static_cast<std::int64_t>(std::llround(total));
    series.push_back(s);
  }
  return series;
}

std::optional<double> pool_burn_rate_per_day(std::span<const history::Sample> pool_used, std::int64_t now,
                                             const history::ForecastPolicy& policy) {
  return history::forecast(pool_used, now, policy).burn_rate_per_day;
}

}  // namespace qg::pools
