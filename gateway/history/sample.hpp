#pragma once
// One observation of a package's counters. The fields stay optional because providers do not
// always report them (design.md: "null where the API does not say, never invented"), and a
// forecast must know the difference between "0 left" and "unknown".

#include <cstdint>
#include <optional>

namespace qg::history {

struct Sample {
  std::int64_t at = 0;  // unix seconds, UTC, when the gateway read the counters
  std::optional<std::int64_t> used;
  std::optional<std::int64_t> remaining;
  std::optional<std::int64_t> total;

  bool operator==(const Sample&) const = default;
};

}  // namespace qg::history
