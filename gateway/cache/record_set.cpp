#include "gateway/cache/record_set.hpp"

#include <algorithm>
#include <atomic>
#include <functional>
#include <string_view>

#include <boost/json/serialize.hpp>

namespace qg::cache {

RecordSetPtr make_record_set(adapters::RecordList records) {
  static std::atomic<std::uint64_t> next_generation{1};
  auto set = std::make_shared<RecordSet>();
  std::sort(records.begin(), records.end(),
            [](const adapters::QuotaRecord& a, const adapters::QuotaRecord& b) { return a.id < b.id; });
  set->json.reserve(records.size());
  // Not a security digest: a 64-bit content fingerprint, cheap enough to compute on every fetch.
  std::uint64_t digest = 0x9E3779B97F4A7C15ULL ^ records.size();
  for (const auto& r : records) {
    set->json.push_back(boost::json::serialize(adapters::to_json(r, false)));
    // raw too: include=raw answers must change when only the provider's object did.
    const std::uint64_t h = std::hash<std::string_view>{}(set->json.back()) ^
                            (std::hash<std::string>{}(boost::json::serialize(r.raw)) << 1);
    digest = (digest ^ h) * 0x100000001B3ULL + (digest >> 29);
  }
  set->records = std::move(records);
  set->generation = next_generation++;
  set->digest = digest;
  return set;
}

}  // namespace qg::cache
