#include "adapters/emulator/alibaba_aicontent_api.hpp"

#include <algorithm>
#include <array>
#include <variant>

#include "adapters/emulator/alibaba_gateway.hpp"
#include "adapters/emulator/envelopes.hpp"

namespace qg::emulator {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// Encodes as "++//": every token starts with characters a query must escape.
constexpr std::array<unsigned char, 3> kTokenPrefix{0xFB, 0xEF, 0xFF};

std::string base64(const std::vector<unsigned char>& bytes) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t chunk = 0;
    for (std::size_t j = 0; j < 3; ++j) chunk = chunk << 8 | (j < n ? bytes[i + j] : 0u);
    for (std::size_t j = 0; j < 4; ++j) out += j <= n ? kAlphabet[(chunk >> (18 - 6 * j)) & 0x3F] : '=';
  }
  return out;
}

std::optional<std::vector<unsigned char>> unbase64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::vector<unsigned char> out;
  for (std::size_t i = 0; i < text.size(); i += 4) {
    std::uint32_t chunk = 0;
    int pad = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      const auto at = kAlphabet.find(c);
      if (c == '=' && i + 4 == text.size() && j >= 2) {
        ++pad;
      } else if (at == std::string_view::npos || pad > 0) {
        return std::nullopt;
      }
      chunk = chunk << 6 | (at == std::string_view::npos ? 0u : static_cast<std::uint32_t>(at));
    }
    for (int j = 0; j < 3 - pad; ++j) out.push_back(static_cast<unsigned char>(chunk >> (16 - 8 * j)));
  }
  return out;
}

unsigned char check_byte(std::uint32_t offset) {
  return static_cast<unsigned char>(((offset >> 24) + (offset >> 16) + (offset >> 8) + offset) ^ 0x5C);
}

WireResponse invalid(std::string_view what) { return aicontent_error(400, "InvalidParameter", what); }

struct Paging {
  bool cursor = false;
  std::int64_t offset = 0, count = 10, page_index = 1;
};

// Paging from the parameters, or the message of a refusal.
std::variant<Paging, std::string> read_paging(const Params& params, std::int64_t total) {
  Paging p;
  const auto* token = find_param(params, "nextToken");
  const auto* max_results = find_param(params, "maxResults");
  p.cursor = token || max_results;
  const auto* size_text = p.cursor ? max_results : find_param(params, "pageSize");
  if (size_text) {
    const auto n = parse_int(*size_text);
    if (!n || *n < 1 || *n > 100) return std::string(p.cursor ? "maxResults" : "pageSize") + " must be between 1 and 100";
    p.count = *n;
  }
  if (p.cursor) {
    if (token && !token->empty()) {
      const auto at = aicontent_token_offset(*token);
      if (!at || *at > total) return std::string("nextToken is invalid or expired");
      p.offset = *at;
    }
  } else if (const auto* index = find_param(params, "pageIndex")) {
    const auto n = parse_int(*index);
    if (!n || *n < 1 || *n > 1000000) return std::string("pageIndex must be a positive integer");
    p.page_index = *n;
    p.offset = (*n - 1) * p.count;
  }
  return p;
}

std::optional<std::string> order_items(std::vector<const boost::json::object*>& items, const Params& params) {
  const auto* by = find_param(params, "orderBy");
  const auto* direction = find_param(params, "orderDirection");
  if (direction && *direction != "ASC" && *direction != "DESC") return "orderDirection must be ASC or DESC";
  if (!by) return std::nullopt;
  std::string key = *by == "resourceId" ? "instanceId" : *by;
  if (key != "instanceId" && key != "effectiveTime" && key != "expireTime") return "orderBy is not supported: " + *by;
  const bool asc = direction && *direction == "ASC";
  // Times are fixed-width "YYYY-MM-DD hh:mm:ss", so text order is time order.
  std::stable_sort(items.begin(), items.end(), [&](const auto* a, const auto* b) {
    const auto& x = a->at(key).as_string();
    const auto& y = b->at(key).as_string();
    return asc ? x < y : y < x;
  });
  return std::nullopt;
}

}  // namespace

std::string aicontent_token(std::int64_t offset) {
  const auto o = static_cast<std::uint32_t>(offset);
  std::vector<unsigned char> bytes(kTokenPrefix.begin(), kTokenPrefix.end());
  for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<unsigned char>(o >> shift));
  bytes.push_back(check_byte(o));
  return base64(bytes);
}

std::optional<std::int64_t> aicontent_token_offset(std::string_view token) {
  const auto bytes = unbase64(token);
  if (!bytes || bytes->size() != 8 || !std::equal(kTokenPrefix.begin(), kTokenPrefix.end(), bytes->begin())) {
    return std::nullopt;
  }
  std::uint32_t o = 0;
  for (int i = 3; i < 7; ++i) o = o << 8 | (*bytes)[static_cast<std::size_t>(i)];
  if ((*bytes)[7] != check_byte(o)) return std::nullopt;
  return static_cast<std::int64_t>(o);
}

WireResponse aicontent_serve(const WireRequest& req, const Dataset& data) {
  const auto params = alibaba_params(req);
  if (!params) return invalid("the query string is not correctly percent-encoded");
  std::vector<const boost::json::object*> items;
  const auto* type = find_param(*params, "resourceType");
  for (const auto& r : data.aicontent) {
    if (!type || type->empty() || *type == "ALL" || r.at("resourceCatalogCode").as_string() == *type) items.push_back(&r);
  }
  if (auto refusal = order_items(items, *params)) return invalid(*refusal);
  bool need_total = true;
  if (const auto* v = find_param(*params, "needTotalCount")) {
    if (*v != "true" && *v != "false") return invalid("needTotalCount must be true or false");
    need_total = *v == "true";
  }
  const auto total = static_cast<std::int64_t>(items.size());
  const auto read = read_paging(*params, total);
  if (const auto* refusal = std::get_if<std::string>(&read)) return invalid(*refusal);
  const Paging& p = std::get<Paging>(read);

  boost::json::array page;
  for (std::int64_t i = p.offset; i < std::min(total, p.offset + p.count); ++i) {
    page.push_back(*items[static_cast<std::size_t>(i)]);
  }
  boost::json::object o{{"success", true}, {"httpStatusCode", 200}, {"data", std::move(page)}, {"skip", p.offset}};
  if (need_total) o["totalCount"] = total;
  if (p.cursor) {
    o["maxResults"] = p.count;
    if (p.offset + p.count < total) o["nextToken"] = aicontent_token(p.offset + p.count);
  } else {
    o["pageIndex"] = p.page_index;
    o["pageSize"] = p.count;
  }
  return alibaba_data(std::move(o), "requestId");
}

}  // namespace qg::emulator
