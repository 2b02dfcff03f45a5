#pragma once
// Where package history lives. Synchronous on purpose: implementations block on disk, and the
// I/O shell that calls them decides which thread pays for that.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/history/retention.hpp"
#include "gateway/history/sample.hpp"

namespace qg::history {

// The store cannot be opened or used; what() says what is wrong with the file, the caller adds
// the configuration key.
class HistoryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct PackageSample {
  std::string id;    // QuotaRecord::id, "{provider}:{account}:{native id}"
  std::string unit;  // QuotaRecord::unit; the latest one written wins
  Sample sample;
};

class HistoryStore {
 public:
  virtual ~HistoryStore() = default;

  // Writes the batch atomically (all or nothing). A sample with the same (id, at) as a stored one
  // replaces it. @throws HistoryError
  virtual void append(std::vector<PackageSample> batch) = 0;

  // The package's samples with at >= since, ascending by at. Empty for an unknown id.
  virtual std::vector<Sample> samples(std::string_view id, std::int64_t since) = 0;

  // nullopt: unknown id.
  virtual std::optional<std::string> unit(std::string_view id) = 0;

  // Every package's samples at or after `since`, for warming in-memory state at start-up: by id,
  // then ascending by at. `visit` must not call back into the store.
  virtual void scan(
      std::int64_t since,
      const std::function<void(const std::string& id, const std::string& unit, const Sample&)>& visit) = 0;

  // Applies RetentionPolicy: deletes expired samples, thins old ones to one per bucket (the same
  // result as downsample()). Returns the number of samples removed.
  virtual std::size_t prune(std::int64_t now, const RetentionPolicy& policy) = 0;
};

}  // namespace qg::history
