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
};

using RecordSetPtr = std::shared_ptr<const RecordSet>;

// Sorts by id, serializes each record and stamps a fresh generation.
RecordSetPtr make_record_set(adapters::RecordList records);

}  // namespace qg::cache
