#include "gateway/cache/record_set.hpp"

#include <algorithm>
#include <atomic>
#include <functional>

#include <boost/json/parse.hpp>

#include "adapters/common/json_write.hpp"

namespace qg::cache {

std::string_view RecordSet::details(std::size_t row) const {
  const std::string_view whole = json[row];
  // `{..., "details":{...}}`: the object is what precedes the closing brace.
  return whole.substr(whole.size() - 1 - details_size[row], details_size[row]);
}

boost::json::object RecordSet::details_object(std::size_t row) const {
  // Text this process serialized from an object: it parses back to the same object (the
  // adapters put only strings and integers in details).
  auto v = boost::json::parse(details(row));
  return v.is_object() ? std::move(v.as_object()) : boost::json::object();
}

boost::json::object RecordSet::full_json(std::size_t row) const {
  auto o = boost::json::parse(json[row]).as_object();
  auto r = boost::json::parse(raw[row]);
  o["raw"] = r.is_object() ? std::move(r.as_object()) : boost::json::object();
  return o;
}

std::size_t RecordSet::bytes() const {
  std::size_t n = index.bytes() + details_size.capacity() * 4;
  for (const auto* texts : {&json, &raw}) {
    for (const auto& t : *texts) n += t.capacity() + sizeof t;
  }
  return n;
}

RecordSetPtr make_record_set(adapters::RecordList records) {
  static std::atomic<std::uint64_t> next_generation{1};
  auto set = std::make_shared<RecordSet>();
  std::sort(records.begin(), records.end(),
            [](const adapters::QuotaRecord& a, const adapters::QuotaRecord& b) { return a.id < b.id; });
  set->json.reserve(records.size());
  set->raw.reserve(records.size());
  set->details_size.reserve(records.size());
  // Not a security digest: a 64-bit content fingerprint, cheap enough to compute on every fetch.
  std::uint64_t digest = 0x9E3779B97F4A7C15ULL ^ records.size();
  for (auto& r : records) {
    set->json.push_back(adapters::json::serialize(adapters::to_json(r, false)));
    set->raw.push_back(adapters::json::serialize(r.raw));
    // raw too: include=raw answers must change when only the provider's object did.
    const std::uint64_t h =
        std::hash<std::string_view>{}(set->json.back()) ^ (std::hash<std::string>{}(set->raw.back()) << 1);
    digest = (digest ^ h) * 0x100000001B3ULL + (digest >> 29);
    set->details_size.push_back(static_cast<std::uint32_t>(adapters::json::serialize(r.details).size()));
    r.details = boost::json::object();
    r.raw = boost::json::object();
  }
  set->index = RecordIndex(records);
  // Adapters append page after page: the list's spare capacity would be kept for the set's life.
  records.shrink_to_fit();
  set->records = std::move(records);
  set->generation = next_generation++;
  set->digest = digest;
  return set;
}

}  // namespace qg::cache
