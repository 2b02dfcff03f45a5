#include "adapters/emulator/tencent_live_api.hpp"

#include <algorithm>
#include <charconv>
#include <variant>

#include "adapters/common/json_util.hpp"
#include "adapters/emulator/envelopes.hpp"
#include "adapters/emulator/verify_tc3.hpp"

namespace qg::emulator {
namespace {

// The request's parameters: typed when they came as JSON, text when from a query or form.
struct ParamSource {
  boost::json::object values;
  bool typed = true;
};

enum class Read { kAbsent, kOk, kBad };

Read read_int(const ParamSource& p, std::string_view name, std::int64_t& out) {
  const auto* v = adapters::json::find(p.values, name);
  if (!v) return Read::kAbsent;
  if (p.typed) {
    if (!v->is_int64() && !v->is_uint64()) return Read::kBad;
    const auto n = adapters::json::as_int(*v);
    if (!n) return Read::kBad;
    out = *n;
    return Read::kOk;
  }
  const auto& s = v->as_string();
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size() && !s.empty() ? Read::kOk : Read::kBad;
}

WireResponse bad_type(std::string_view name, std::string_view type) {
  return tencent_error("InvalidParameter",
                       "The type of parameter `" + std::string(name) + "` is invalid, expected " + std::string(type) + ".");
}

// Parameters from wherever this request carries them; a refusal when they cannot be read.
std::variant<ParamSource, WireResponse> read_params(const WireRequest& req) {
  ParamSource p;
  const bool form = req.header("Content-Type").starts_with("application/x-www-form-urlencoded");
  if (req.method == "GET" || (form && req.method == "POST")) {
    const auto decoded = decode_query(req.method == "GET" ? std::string_view(req.query) : std::string_view(req.body));
    if (!decoded) return tencent_error("InvalidParameter", "The request parameters are not correctly URL-encoded.");
    p.typed = false;
    for (const auto& [k, v] : *decoded) p.values[k] = v;
    return p;
  }
  if (req.method != "POST") return tencent_error("UnsupportedProtocol", "Only GET and POST requests are supported.");
  const auto body = adapters::json::parse(req.body.empty() ? std::string_view("{}") : std::string_view(req.body));
  if (!body || !body->is_object()) return tencent_error("InvalidParameter", "The request body is not a JSON object.");
  p.values = body->as_object();
  return p;
}

std::string_view text(const boost::json::object& o, std::string_view key) {
  const auto& s = o.at(key).as_string();
  return {s.data(), s.size()};
}

}  // namespace

Admission tencent_admit(const WireRequest& req, const std::vector<Credential>& credentials, std::int64_t now_unix) {
  Admission a;
  const auto action = req.header("X-TC-Action");
  const auto version = req.header("X-TC-Version");
  if (action != kTencentAction) {
    a.refusal = tencent_error("InvalidAction", "The action `" + std::string(action) + "` is not found.");
  } else if (version.empty()) {
    a.refusal = tencent_error("MissingParameter", "The request is missing a required parameter `Version`.");
  } else if (version != kTencentVersion) {
    a.refusal = tencent_error("NoSuchVersion", "The version `" + std::string(version) + "` does not exist.");
  } else {
    Tc3Verified verified;
    if (auto failure = verify_tc3(req, credentials, now_unix, kTencentService, verified)) {
      a.refusal = tencent_error(failure->code, failure->message);
    } else {
      a.credential = verified.secret_id;
    }
  }
  return a;
}

WireResponse tencent_serve(const WireRequest& req, const Dataset& data) {
  auto source = read_params(req);
  if (auto* refusal = std::get_if<WireResponse>(&source)) return std::move(*refusal);
  const ParamSource& p = std::get<ParamSource>(source);
  for (const auto& field : p.values) {
    const std::string_view key(field.key().data(), field.key().size());
    if (key != "PackageType" && key != "OrderBy" && key != "PageNum" && key != "PageSize") {
      return tencent_error("UnknownParameter", "The parameter `" + std::string(key) + "` is not recognized.");
    }
  }
  std::int64_t package_type = 0, page_num = 1, page_size = 100, num = 0, size = 0;
  switch (read_int(p, "PackageType", package_type)) {
    case Read::kAbsent: return tencent_error("MissingParameter", "The request is missing a required parameter `PackageType`.");
    case Read::kBad: return bad_type("PackageType", "Integer");
    case Read::kOk: break;
  }
  if (package_type < 0 || package_type > 2) {
    return tencent_error("InvalidParameterValue", "The value of parameter `PackageType` must be 0, 1 or 2.");
  }
  const Read num_read = read_int(p, "PageNum", num);
  const Read size_read = read_int(p, "PageSize", size);
  if (num_read == Read::kBad) return bad_type("PageNum", "Integer");
  if (size_read == Read::kBad) return bad_type("PageSize", "Integer");
  // As documented: either one alone is ignored.
  if (num_read == Read::kOk && size_read == Read::kOk) {
    if (size < 10 || size > 100) return tencent_error("InvalidParameterValue", "`PageSize` must be between 10 and 100.");
    if (num < 1) return tencent_error("InvalidParameterValue", "`PageNum` must be a positive integer.");
    page_num = num;
    page_size = size;
  }
  std::string order = "BuyTimeDesc";
  if (const auto* v = adapters::json::find(p.values, "OrderBy")) {
    if (!v->is_string()) return bad_type("OrderBy", "String");
    order = std::string(v->as_string());
  }
  const bool by_expiry = order == "ExpireTimeDesc" || order == "ExpireTimeAsc";
  if (!by_expiry && order != "BuyTimeDesc" && order != "BuyTimeAsc") {
    return tencent_error("InvalidParameterValue", "The value of parameter `OrderBy` is invalid.");
  }
  if (by_expiry && package_type == 2) {
    return tencent_error("InvalidParameterValue", "`OrderBy` ExpireTime* is not supported for link-mic packages.");
  }

  const auto& all = data.tencent[static_cast<std::size_t>(package_type)];
  std::vector<const boost::json::object*> items;
  items.reserve(all.size());
  for (const auto& o : all) items.push_back(&o);
  // "YYYY-MM-DD hh:mm:ss" sorts as text in time order.
  const std::string_view key = by_expiry ? "ExpireTime" : "BuyTime";
  const bool desc = order.ends_with("Desc");
  std::stable_sort(items.begin(), items.end(), [&](const auto* a, const auto* b) {
    return desc ? text(*a, key) > text(*b, key) : text(*a, key) < text(*b, key);
  });

  const auto total = static_cast<std::int64_t>(items.size());
  boost::json::array list;
  for (std::int64_t i = (page_num - 1) * page_size; i < std::min(total, page_num * page_size); ++i) {
    list.push_back(*items[static_cast<std::size_t>(i)]);
  }
  boost::json::object response;
  response["LivePackageInfoList"] = std::move(list);
  response["PackageBillMode"] = package_type == 0 ? 204 : 0;
  if (package_type == 0) response["FluxPackageBillMode"] = "204,204,204,204,-1,-1";
  response["TotalPage"] = (total + page_size - 1) / page_size;
  response["TotalNum"] = total;
  response["PageNum"] = page_num;
  response["PageSize"] = page_size;
  return tencent_data(std::move(response));
}

WireResponse tencent_throttled(std::size_t capacity) {
  return tencent_error("RequestLimitExceeded", "Your current request frequency exceeds the limit of " +
                                                   std::to_string(capacity) +
                                                   " requests per second of this API. Please reduce the frequency.");
}

}  // namespace qg::emulator
