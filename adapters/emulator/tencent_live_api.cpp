// DescribeLivePackageInfo (providers.md §4): TC3 verification, the paging rules (PageNum and
// PageSize only together, PageSize 10..100), OrderBy, throttling above the per-SecretId limit.
#include <algorithm>

#include <boost/json/serialize.hpp>

#include "adapters/common/json_util.hpp"
#include "adapters/common/time.hpp"
#include "adapters/emulator/api.hpp"

namespace qg::emulator {
namespace {

std::int64_t buy_time(const boost::json::object& p) {
  return adapters::parse_local_datetime(p.at("BuyTime").as_string(), adapters::kBeijingUtcOffsetSeconds).value_or(0);
}
std::int64_t expire_time(const boost::json::object& p) {
  return adapters::parse_local_datetime(p.at("ExpireTime").as_string(), adapters::kBeijingUtcOffsetSeconds).value_or(0);
}

}  // namespace

std::size_t RateWindow::arrive(std::chrono::steady_clock::time_point now) {
  arrivals_.push_back(now);
  while (!arrivals_.empty() && arrivals_.front() <= now - std::chrono::seconds(1)) arrivals_.pop_front();
  max_ = std::max(max_, arrivals_.size());
  return arrivals_.size();
}

WireResponse tencent_error(std::string_view code, std::string_view message) {
  boost::json::object error{{"Code", code}, {"Message", message}};
  boost::json::object response{{"Error", std::move(error)}, {"RequestId", new_request_id(false)}};
  return json_response(200, boost::json::serialize(boost::json::object{{"Response", std::move(response)}}));
}

WireResponse handle_tencent_live(const WireRequest& req, ApiContext& ctx) {
  Tc3Verified verified;
  if (auto failure = verify_tc3(req, ctx.credentials, ctx.now_unix, "live", verified)) {
    return tencent_error(failure->code, failure->message);
  }
  ctx.credential = verified.secret_id;
  if (ctx.windows[verified.secret_id].arrive(ctx.now_steady) > static_cast<std::size_t>(ctx.rate_limit)) {
    return tencent_error("RequestLimitExceeded", "Your request frequency has exceeded the limit of this API.");
  }
  if (req.header("X-TC-Action") != "DescribeLivePackageInfo") {
    return tencent_error("InvalidAction", "The action " + std::string(req.header("X-TC-Action")) + " is not found.");
  }
  if (req.header("X-TC-Version") != "2018-08-01") {
    return tencent_error("NoSuchVersion", "The version " + std::string(req.header("X-TC-Version")) + " does not exist.");
  }

  // Parameters: the JSON body for POST, the query string for GET.
  boost::json::object params;
  if (req.method == "GET") {
    auto decoded = decode_query(req.query);
    if (!decoded) return tencent_error("InvalidParameter", "The query string is malformed.");
    for (auto& [k, v] : *decoded) params[k] = v;
  } else {
    auto body = adapters::json::parse(req.body.empty() ? "{}" : req.body);
    if (!body || !body->is_object()) return tencent_error("InvalidParameter", "The request body is not a JSON object.");
    params = body->as_object();
  }
  const auto package_type = adapters::json::get_int(params, "PackageType");
  if (!params.contains("PackageType")) return tencent_error("MissingParameter", "The request is missing a required parameter `PackageType`.");
  if (!package_type || *package_type < 0 || *package_type > 2) {
    return tencent_error("InvalidParameterValue", "The value of `PackageType` is invalid.");
  }
  std::int64_t page_num = 1, page_size = 100;
  const auto num = adapters::json::get_int(params, "PageNum");
  const auto size = adapters::json::get_int(params, "PageSize");
  if (params.contains("PageNum") && params.contains("PageSize")) {  // only effective together
    if (!size || *size < 10 || *size > 100) return tencent_error("InvalidParameterValue", "`PageSize` must be between 10 and 100.");
    if (!num || *num < 1) return tencent_error("InvalidParameterValue", "`PageNum` must be a positive integer.");
    page_num = *num;
    page_size = *size;
  }
  auto items = ctx.data.tencent[static_cast<std::size_t>(*package_type)];
  const std::string order = adapters::json::get_string(params, "OrderBy").value_or("BuyTimeDesc");
  if (order.starts_with("ExpireTime") && *package_type == 2) {
    return tencent_error("InvalidParameterValue", "`OrderBy` ExpireTime* is not supported for link-mic packages.");
  }
  auto by = [&](auto key, bool desc) {
    std::stable_sort(items.begin(), items.end(), [&](const auto& a, const auto& b) {
      return desc ? key(a) > key(b) : key(a) < key(b);
    });
  };
  if (order == "BuyTimeDesc") by(buy_time, true);
  else if (order == "BuyTimeAsc") by(buy_time, false);
  else if (order == "ExpireTimeDesc") by(expire_time, true);
  else if (order == "ExpireTimeAsc") by(expire_time, false);
  else return tencent_error("InvalidParameterValue", "The value of `OrderBy` is invalid.");

  const auto total = static_cast<std::int64_t>(items.size());
  boost::json::array list;
  for (std::int64_t i = (page_num - 1) * page_size; i < std::min(total, page_num * page_size); ++i) {
    list.push_back(items[static_cast<std::size_t>(i)]);
  }
  boost::json::object response;
  response["LivePackageInfoList"] = std::move(list);
  response["PackageBillMode"] = *package_type == 0 ? 204 : -1;
  if (*package_type == 0) response["FluxPackageBillMode"] = "204,204,204,204,-1,-1";
  response["TotalPage"] = (total + page_size - 1) / page_size;
  response["TotalNum"] = total;
  response["PageNum"] = page_num;
  response["PageSize"] = page_size;
  response["RequestId"] = new_request_id(false);
  return json_response(200, boost::json::serialize(boost::json::object{{"Response", std::move(response)}}));
}

}  // namespace qg::emulator
