#pragma once
// The unit the cache stores: every record one account has, as one adapter fetch returned it,
// compacted for a large tenant and indexed for the query path.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "adapters/common/quota_record.hpp"
#include "gateway/cache/record_set_index.hpp"

namespace qg::cache {

struct RecordSet {
  // Sorted by id. Compacted: each record's `details` and `raw` are empty here and kept as text
  // below, because a JSON object costs about five times its text and an account accumulates
  // years of packages; the parts that need them read the text (details(), raw[]).
  adapters::RecordList records;
  // records[i] serialized as the API serves it without `raw` (details included), built once
  // per fetch so that answers concatenate bytes instead of serializing objects.
  std::vector<std::string> json;
  std::vector<std::string> raw;            // records[i]'s provider object verbatim, as text
  std::vector<std::uint32_t> details_size;  // length of the details object's text in json[i]
  std::uint64_t generation = 0;  // unique per fetch within the process
  // Equal for equal content, whichever fetch (or replica) produced it: what validators and
  // rendered answers are keyed by, so a refresh that changed nothing changes neither.
  std::uint64_t digest = 0;
  RecordIndex index;  // the query path's columns (record_set_index.hpp)

  // The record's `details` object as text: the tail of json[row], where to_json puts it.
  std::string_view details(std::size_t row) const;
  boost::json::object details_object(std::size_t row) const;
  // The record with details and raw, as adapters::to_json(record, true) gives it for a record
  // that was never compacted: what the shared store keeps, so another replica gets it whole.
  boost::json::object full_json(std::size_t row) const;

  std::size_t bytes() const;  // memory held by the text and the index, roughly
};

using RecordSetPtr = std::shared_ptr<const RecordSet>;

// Sorts by id, serializes each record, compacts, indexes, computes the digest and stamps a
// fresh generation.
RecordSetPtr make_record_set(adapters::RecordList records);

}  // namespace qg::cache
