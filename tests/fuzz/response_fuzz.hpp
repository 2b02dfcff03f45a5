#pragma once
// One provider's response path: an HTTP status and body as a cloud might send them, through the
// adapter's decoder (envelopes, error taxonomy) and mapper, then the record's JSON round trip
// that the Redis-shared cache relies on.

#include <boost/json/serialize.hpp>

#include "adapters/common/http_types.hpp"
#include "adapters/common/quota_record.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace qg::fuzz {

// The first byte picks a status, so error envelopes on 4xx/5xx are explored too.
inline adapters::HttpResponse response_from(const std::uint8_t* data, std::size_t size) {
  static constexpr unsigned kStatuses[] = {200, 200, 200, 200, 400, 401, 403, 404, 429, 500, 502, 503};
  adapters::HttpResponse response;
  response.status = size == 0 ? 200 : kStatuses[data[0] % std::size(kStatuses)];
  if (size > 1) response.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  response.headers.emplace_back("Content-Type", "application/json");
  return response;
}

inline void check_records(const adapters::RecordList& records) {
  for (const auto& record : records) {
    const auto json = adapters::to_json(record, true);
    auto back = adapters::record_from_json(json);
    check(back.has_value(), "a mapped record reads back from its JSON");
    check(boost::json::serialize(adapters::to_json(*back, true)) == boost::json::serialize(json),
          "the record JSON round trip is lossless");
  }
}

// Decode, then map what decoded: `map_page(object, account)` returns a PageInfo with records.
template <class Decode, class MapPage>
void run_response(const std::uint8_t* data, std::size_t size, Decode decode, MapPage map_page) {
  const auto response = response_from(data, size);
  auto decoded = decode(response);
  if (!decoded) {
    check(!decoded.error().code.empty() || !decoded.error().message.empty(), "errors say what went wrong");
    return;
  }
  if (!decoded->is_object()) return;
  check_records(map_page(decoded->as_object(), "acct").records);
}

}  // namespace qg::fuzz
