#include "gateway/cache/record_set.hpp"

#include <algorithm>
#include <atomic>

#include <boost/json/serialize.hpp>

namespace qg::cache {

RecordSetPtr make_record_set(adapters::RecordList records) {
  static std::atomic<std::uint64_t> next_generation{1};
  auto set = std::make_shared<RecordSet>();
  std::sort(records.begin(), records.end(),
            [](const adapters::QuotaRecord& a, const adapters::QuotaRecord& b) { return a.id < b.id; });
  set->json.reserve(records.size());
  for (const auto& r : records) set->json.push_back(boost::json::serialize(adapters::to_json(r, false)));
  set->records = std::move(records);
  set->generation = next_generation++;
  return set;
}

}  // namespace qg::cache
