// AliyunConsoleOpenApiQueryPaidResource (providers.md §3): ROA, the camelCase application
// envelope, cursor paging (nextToken/maxResults) and index paging (pageIndex/pageSize).
#include <algorithm>

#include <boost/json/serialize.hpp>

#include "adapters/emulator/api.hpp"

namespace qg::emulator {
namespace {

WireResponse app_error(unsigned status, std::string_view code, std::string_view message) {
  boost::json::object o{{"success", false}, {"errCode", code}, {"errMessage", message},
                        {"httpStatusCode", status}, {"requestId", new_request_id(true)}};
  return json_response(status, boost::json::serialize(o));
}

std::optional<std::int64_t> number(const std::string& v) {
  try {
    std::size_t used = 0;
    const auto n = std::stoll(v, &used);
    if (used == v.size()) return n;
  } catch (...) {
  }
  return std::nullopt;
}

// The cursor is an opaque offset, as the real API's tokens are opaque strings.
std::string make_token(std::int64_t offset) { return "nt-" + std::to_string(offset * 7 + 3); }
std::optional<std::int64_t> read_token(const std::string& token) {
  if (!token.starts_with("nt-")) return std::nullopt;
  auto n = number(token.substr(3));
  if (!n || (*n - 3) % 7 != 0) return std::nullopt;
  return (*n - 3) / 7;
}

}  // namespace

WireResponse handle_alibaba_aicontent(const WireRequest& req, ApiContext& ctx) {
  const std::string host(req.header("Host"));
  if (auto stop = alibaba_gate(req, ctx, host)) return *stop;
  if (req.header("x-acs-version") != "20240611") {
    return pop_error(400, "InvalidVersion", "Specified parameter Version is not valid.", host);
  }
  if (req.method != "GET") {
    return pop_error(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.", host);
  }
  const auto params = decode_query(req.query).value_or(std::vector<std::pair<std::string, std::string>>{});
  std::optional<std::string> next_token, max_results, page_index, page_size;
  for (const auto& [k, v] : params) {
    if (k == "nextToken") next_token = v;
    if (k == "maxResults") max_results = v;
    if (k == "pageIndex") page_index = v;
    if (k == "pageSize") page_size = v;
  }
  const auto total = static_cast<std::int64_t>(ctx.data.aicontent.size());
  boost::json::object o{{"requestId", new_request_id(true)}, {"success", true}, {"httpStatusCode", 200}};
  std::int64_t offset = 0, count = 10;
  if (next_token || max_results || !page_index) {
    // Cursor mode (also the default when no paging parameter is given).
    if (max_results) {
      auto n = number(*max_results);
      if (!n || *n < 1 || *n > 100) return app_error(400, "InvalidParameter", "maxResults must be between 1 and 100");
      count = *n;
    }
    if (next_token && !next_token->empty()) {
      auto at = read_token(*next_token);
      if (!at || *at < 0 || *at > total) return app_error(400, "InvalidParameter", "nextToken is invalid or expired");
      offset = *at;
    }
    o["maxResults"] = count;
    if (offset + count < total) o["nextToken"] = make_token(offset + count);
  } else {
    auto index = number(*page_index);
    auto size = page_size ? number(*page_size) : std::optional<std::int64_t>(10);
    if (!index || *index < 1 || !size || *size < 1 || *size > 100) {
      return app_error(400, "InvalidParameter", "pageIndex and pageSize must be positive (pageSize at most 100)");
    }
    count = *size;
    offset = (*index - 1) * count;
    o["pageIndex"] = *index;
    o["pageSize"] = count;
  }
  boost::json::array data;
  for (std::int64_t i = offset; i < std::min(total, offset + count); ++i) {
    data.push_back(ctx.data.aicontent[static_cast<std::size_t>(i)]);
  }
  o["data"] = std::move(data);
  o["totalCount"] = total;
  o["skip"] = offset;
  return json_response(200, boost::json::serialize(o));
}

}  // namespace qg::emulator
