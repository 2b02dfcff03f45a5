#include "gateway/history/recorder.hpp"

#include <algorithm>

namespace qg::history {
namespace {

// Enough points for Theil-Sen over the window (it samples at most 200); beyond this the older
// half is thinned, so a package refreshed every few seconds for a week stays bounded.
constexpr std::size_t kMaxPoints = 600;

bool same_values(const Sample& a, const Sample& b) {
  return a.used == b.used && a.remaining == b.remaining && a.total == b.total;
}

// Every other point of the older half: the recent shape stays exact, the old one coarser.
void thin(std::vector<Sample>& points) {
  std::vector<Sample> kept;
  kept.reserve(points.size());
  const std::size_t half = points.size() / 2;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (i >= half || i % 2 == 0) kept.push_back(points[i]);
  }
  points = std::move(kept);
}

}  // namespace

Sample sample_of(const adapters::QuotaRecord& r, std::int64_t at) { return Sample{at, r.used, r.remaining, r.total}; }

Recorder::Recorder(HistoryPolicy policy) : policy_(policy) {}

void Recorder::add(Series& series, const Sample& s, std::int64_t now) {
  auto& p = series.points;
  if (!p.empty() && s.at <= p.back().at) return;  // the history only moves forward
  // A run of equal values is its first and its last sample: a flat package costs two points.
  if (p.size() >= 2 && same_values(p[p.size() - 1], s) && same_values(p[p.size() - 2], s)) {
    p.back() = s;
  } else {
    p.push_back(s);
  }
  const std::int64_t oldest = now - policy_.forecast.window_seconds;
  const auto keep = std::find_if(p.begin(), p.end(), [&](const Sample& x) { return x.at >= oldest; });
  // Keep one point before the window too: a run that started before it still covers it.
  p.erase(p.begin(), keep == p.begin() ? keep : std::prev(keep));
  if (p.size() > kMaxPoints) thin(p);
}

std::vector<PackageSample> Recorder::observe(adapters::RecordList& records, std::int64_t at) {
  std::vector<PackageSample> to_store;
  std::lock_guard lock(mutex_);
  for (auto& r : records) {
    Series& series = series_[r.id];
    const Sample s = sample_of(r, at);
    if (should_record(series.last_stored, s, policy_.retention)) {
      to_store.push_back({r.id, r.unit, s});
      series.last_stored = s;
    }
    add(series, s, at);
    const auto f = history::forecast(series.points, at, policy_.forecast);
    r.burn_rate_per_day = f.burn_rate_per_day;
    r.projected_exhaustion_at = f.projected_exhaustion_at;
  }
  return to_store;
}

void Recorder::adopt(const adapters::RecordList& records, std::int64_t at) {
  std::lock_guard lock(mutex_);
  for (const auto& r : records) {
    Series& series = series_[r.id];
    const Sample s = sample_of(r, at);
    if (should_record(series.last_stored, s, policy_.retention)) series.last_stored = s;
    add(series, s, at);
  }
}

void Recorder::load(const std::string& id, const std::string&, const Sample& s) {
  std::lock_guard lock(mutex_);
  Series& series = series_[id];
  add(series, s, s.at);
  if (!series.last_stored || series.last_stored->at < s.at) series.last_stored = s;
}

void Recorder::forget_older_than(std::int64_t at) {
  std::lock_guard lock(mutex_);
  std::erase_if(series_, [at](const auto& kv) { return kv.second.points.empty() || kv.second.points.back().at < at; });
}

std::optional<Forecast> Recorder::forecast(const std::string& id, std::int64_t now) const {
  std::lock_guard lock(mutex_);
  const auto it = series_.find(id);
  if (it == series_.end()) return std::nullopt;
  return history::forecast(it->second.points, now, policy_.forecast);
}

std::vector<Sample> Recorder::points(const std::string& id) const {
  std::lock_guard lock(mutex_);
  const auto it = series_.find(id);
  return it == series_.end() ? std::vector<Sample>{} : it->second.points;
}

std::size_t Recorder::packages() const {
  std::lock_guard lock(mutex_);
  return series_.size();
}

}  // namespace qg::history
