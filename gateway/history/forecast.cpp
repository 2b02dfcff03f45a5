#include "gateway/history/forecast.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <vector>

namespace qg::history {
namespace {

// Theil-Sen costs n^2/2 slopes: 64 points are ~2k slopes, some 20 µs per package, so a refresh of
// thousands of burning packages stays a few milliseconds on the fetch path.
constexpr std::size_t kMaxPoints = 64;
// A level rise above this share of the package is a refill: noise and accounting corrections are
// far smaller, a top-up or a replacement package far larger.
constexpr double kRefillFraction = 0.02;
// The trailing stall period overrules the window when it consumed less than this share of what
// the window rate predicts for it.
constexpr double kStallFraction = 0.05;
constexpr double kSecondsPerDay = 86400.0;
// Beyond this a date is noise (1 byte a day of a petabyte) and would not fit a timestamp safely.
constexpr double kMaxHorizonSeconds = 100.0 * 365.0 * kSecondsPerDay;

enum class Basis { kRemaining, kUsed };

// A sample as cumulative consumption (-remaining, or used; the origin does not matter for a
// slope). `value` is the counter itself: it sizes refill detection and is the distance to 0.
struct Point {
  std::int64_t at;
  double consumed;
  double value;
  std::optional<std::int64_t> total;
};

std::optional<std::int64_t> level_of(const Sample& sample) {
  if (sample.remaining) return sample.remaining;
  if (sample.used && sample.total) return *sample.total - *sample.used;
  return std::nullopt;
}

// The latest informative sample decides: what the package reports now is what we can project.
std::optional<Basis> pick_basis(std::span<const Sample> samples) {
  for (auto it = samples.rbegin(); it != samples.rend(); ++it) {
    if (level_of(*it)) return Basis::kRemaining;
    if (it->used) return Basis::kUsed;
  }
  return std::nullopt;
}

std::vector<Point> to_points(std::span<const Sample> samples, Basis basis, std::int64_t from) {
  std::vector<Point> points;
  points.reserve(samples.size());
  for (const Sample& sample : samples) {
    if (sample.at < from) continue;
    const auto counter = basis == Basis::kRemaining ? level_of(sample) : sample.used;
    if (!counter) continue;
    const auto value = static_cast<double>(*counter);
    points.push_back({sample.at, basis == Basis::kRemaining ? -value : value, value, sample.total});
  }
  return points;
}

bool is_refill(const Point& before, const Point& after) {
  if (before.total && after.total && *before.total != *after.total) return true;
  // Without a total, the larger of the two levels sizes the jump: 0 -> 100 is a refill, while
  // 1000 -> 1005 is noise.
  const double scale = after.total && *after.total > 0
                           ? static_cast<double>(*after.total)
                           : std::max(std::abs(before.value), std::abs(after.value));
  return before.consumed - after.consumed > kRefillFraction * scale;
}

std::size_t segment_start(const std::vector<Point>& points) {
  for (std::size_t i = points.size(); i > 1; --i) {
    if (is_refill(points[i - 2], points[i - 1])) return i - 1;
  }
  return 0;
}

// Linear between neighbouring samples: across a gap the package is assumed to have been used at
// the pace its two ends show, which is all a missing stretch of history can tell.
double consumed_at(const std::vector<Point>& points, double at) {
  const auto after = std::upper_bound(points.begin(), points.end(), at,
                                      [](double t, const Point& p) { return t < static_cast<double>(p.at); });
  if (after == points.begin()) return points.front().consumed;
  if (after == points.end()) return points.back().consumed;
  const Point& a = *std::prev(after);
  const Point& b = *after;
  const double f = (at - static_cast<double>(a.at)) / static_cast<double>(b.at - a.at);
  return a.consumed + f * (b.consumed - a.consumed);
}

double median(std::vector<double>& values) {
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), mid, values.end());
  if (values.size() % 2 == 1) return *mid;
  return (*std::max_element(values.begin(), mid) + *mid) / 2;
}

// Units per second over [from, to] (to > from), read at `n` evenly spaced times.
double theil_sen(const std::vector<Point>& points, double from, double to, std::size_t n) {
  n = std::clamp<std::size_t>(n, 2, kMaxPoints);
  const double step = (to - from) / static_cast<double>(n - 1);
  std::vector<double> grid(n);
  for (std::size_t k = 0; k < n; ++k) grid[k] = consumed_at(points, from + step * static_cast<double>(k));
  std::vector<double> slopes;
  slopes.reserve(n * (n - 1) / 2);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j)
      slopes.push_back((grid[j] - grid[i]) / (step * static_cast<double>(j - i)));
  }
  return median(slopes);
}

double rate_per_second(const std::vector<Point>& points, const ForecastPolicy& policy) {
  const auto first = static_cast<double>(points.front().at);
  const auto last = static_cast<double>(points.back().at);
  const double window_rate = theil_sen(points, first, last, points.size());
  if (window_rate <= 0 || policy.stall_seconds <= 0) return window_rate;
  const double tail_from = last - static_cast<double>(policy.stall_seconds);
  if (tail_from < first) return window_rate;  // too little history to call anything a stall
  const double tail_consumed = points.back().consumed - consumed_at(points, tail_from);
  if (tail_consumed >= kStallFraction * window_rate * static_cast<double>(policy.stall_seconds))
    return window_rate;
  const auto in_tail = std::count_if(points.begin(), points.end(),
                                     [&](const Point& p) { return static_cast<double>(p.at) >= tail_from; });
  return theil_sen(points, tail_from, last, static_cast<std::size_t>(in_tail) + 1);
}

std::optional<std::int64_t> exhaustion_at(const Point& latest, double rate) {
  if (rate <= 0) return std::nullopt;
  if (latest.value <= 0) return latest.at;
  const double seconds = latest.value / rate;
  if (seconds > kMaxHorizonSeconds) return std::nullopt;
  return latest.at + std::llround(seconds);
}

}  // namespace

Forecast forecast(std::span<const Sample> samples, std::int64_t now, const ForecastPolicy& policy) {
  const auto basis = pick_basis(samples);
  if (!basis) return {};
  std::vector<Point> points = to_points(samples, *basis, now - policy.window_seconds);
  points.erase(points.begin(), points.begin() + static_cast<std::ptrdiff_t>(segment_start(points)));
  if (points.size() < 2) return {};
  const std::int64_t span = points.back().at - points.front().at;
  if (span <= 0 || span < policy.min_span_seconds) return {};
  double rate = rate_per_second(points, policy);
  if (!(rate > 0)) rate = 0;  // a level creeping up by less than a refill is noise, not negative use
  Forecast result;
  result.burn_rate_per_day = rate * kSecondsPerDay;
  if (*basis == Basis::kRemaining) result.projected_exhaustion_at = exhaustion_at(points.back(), rate);
  return result;
}

}  // namespace qg::history
