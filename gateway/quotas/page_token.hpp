#pragma once
// Keyset page tokens: the sort-key values and id of the last item served, bound to the query
// that produced them and authenticated with HMAC-SHA256. The next page starts strictly after
// that position, so records added or removed between requests never make a page repeat an
// item it already served. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/system/result.hpp>

namespace qg::quotas {

using SortValue = std::variant<std::monostate, std::int64_t, double, std::string>;  // monostate: null

struct Cursor {
  std::vector<SortValue> values;  // one per sort key
  std::string id;
};

enum class TokenError { kMalformed, kOtherQuery };

std::string encode_page_token(const Cursor& cursor, std::string_view fingerprint, std::string_view key);
boost::system::result<Cursor, TokenError> decode_page_token(std::string_view token, std::string_view fingerprint,
                                                            std::string_view key, std::size_t expected_values);

std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace qg::quotas
