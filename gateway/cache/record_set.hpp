#pragma once
// The unit the cache stores: every record one account has, as one adapter fetch returned it.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "adapters/common/quota_record.hpp"

namespace qg::cache {

struct RecordSet {
  adapters::RecordList records;  // sorted by id
  // records[i] serialized as the API serves it without `raw`, built once per fetch so that a
  // warm GET /quotas concatenates bytes instead of serializing objects.
  std::vector<std::string> json;
  std::uint64_t generation = 0;  // unique per fetch within the process
  // Equal for equal content, whichever fetch (or replica) produced it: what validators and
  // rendered answers are keyed by, so a refresh that changed nothing changes neither.
  std::uint64_t digest = 0;
};

using RecordSetPtr = std::shared_ptr<const RecordSet>;

// Sorts by id, serializes each record, computes the digest and stamps a fresh generation.
RecordSetPtr make_record_set(adapters::RecordList records);

}  // namespace qg::cache
