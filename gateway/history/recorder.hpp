#pragma once
// What the gateway remembers of each package's usage between refreshes, in memory: the samples a
// forecast needs (the trailing window, runs of equal values kept as their two ends, older points
// thinned past a bound) and the last sample written to the store. Each refresh passes its records
// through observe(): they come back with their forecast, and the samples worth storing come out.
// Pure: times are arguments; the I/O shell (history/service) decides threads and storage.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "adapters/common/quota_record.hpp"
#include "gateway/history/forecast.hpp"
#include "gateway/history/retention.hpp"
#include "gateway/history/store.hpp"

namespace qg::history {

struct HistoryPolicy {
  RetentionPolicy retention;
  ForecastPolicy forecast;
  bool operator==(const HistoryPolicy&) const = default;
};

// The usage counters of a record as a sample taken at `at`.
Sample sample_of(const adapters::QuotaRecord& record, std::int64_t at);

/// @par Thread Safety
/// All members may be called concurrently.
class Recorder {
 public:
  explicit Recorder(HistoryPolicy policy);

  // Records fetched at `at`: each gets its forecast (burn_rate_per_day, projected_exhaustion_at);
  // the samples to store (a change, or the heartbeat) are returned.
  std::vector<PackageSample> observe(adapters::RecordList& records, std::int64_t at);
  // A set another replica fetched and stored (its records carry that replica's forecasts): the
  // series learn it, nothing is returned to store, since its writer stored it.
  void adopt(const adapters::RecordList& records, std::int64_t at);
  // Start-up: what the store kept of the window.
  void load(const std::string& id, const std::string& unit, const Sample& sample);
  // Forgets packages not seen within the forecast window (gone upstream).
  void forget_older_than(std::int64_t at);

  std::optional<Forecast> forecast(const std::string& id, std::int64_t now) const;
  // The samples kept of the package (ascending; empty for an unknown id): what pools sum.
  std::vector<Sample> points(const std::string& id) const;
  std::size_t packages() const;

 private:
  struct Series {
    std::vector<Sample> points;  // ascending; runs of equal values kept as their two ends
    std::optional<Sample> last_stored;
  };
  void add(Series& series, const Sample& s, std::int64_t now);

  HistoryPolicy policy_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Series> series_;
};

}  // namespace qg::history
