#pragma once
// How one account's fetch went, as reported in the `sources` array of GET /quotas.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "gateway/problem/problem.hpp"

namespace qg::quotas {

// When adding enumerators here, also add them to to_string() and to openapi/openapi.yaml.
enum class SourceState { kOk, kStale, kError };

std::string_view to_string(SourceState state);

struct SourceReport {
  std::string provider;
  std::string account;
  SourceState state = SourceState::kError;
  std::optional<std::int64_t> fetched_at;   // Unix seconds of the data served; none if never fetched
  std::optional<std::int64_t> age_seconds;  // how old that data is
  std::size_t items = 0;                    // records this source contributed before filtering
  std::size_t upstream_calls = 0;           // upstream HTTP attempts made for this request
  // The failure: for kError why there is no data; for kStale why the data could not be refreshed.
  std::optional<problem::SourceError> error;
};

boost::json::object to_json(const SourceReport& report);

}  // namespace qg::quotas
