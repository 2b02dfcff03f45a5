#include "adapters/emulator/alibaba_ice_api.hpp"

#include <algorithm>
#include <variant>

#include "adapters/emulator/alibaba_gateway.hpp"
#include "adapters/emulator/envelopes.hpp"

namespace qg::emulator {
namespace {

WireResponse invalid(const WireRequest& req, std::string_view name) {
  return pop_error(400, "InvalidParameter", "The parameter " + std::string(name) + " is invalid.", req.header("Host"),
                   kIceApi.product);
}

struct Query {
  std::int64_t page_no = 1, page_size = 10;
  bool need_total = true;
  std::optional<std::int64_t> status, type;
  std::optional<std::string> license_item_id;
};

// The query's values, or the name of the first invalid one.
std::variant<Query, std::string_view> read_query(const Params& params) {
  Query q;
  if (const auto* v = find_param(params, "PageNo")) {
    const auto n = parse_int(*v);
    if (!n || *n < 1) return std::string_view("PageNo");
    q.page_no = *n;
  }
  if (const auto* v = find_param(params, "PageSize")) {
    const auto n = parse_int(*v);
    if (!n || *n < 1 || *n > 100) return std::string_view("PageSize");
    q.page_size = *n;
  }
  if (const auto* v = find_param(params, "NeedTotalCount")) {
    if (*v != "true" && *v != "false") return std::string_view("NeedTotalCount");
    q.need_total = *v == "true";
  }
  if (const auto* v = find_param(params, "Status")) {
    q.status = parse_int(*v);
    if (!q.status) return std::string_view("Status");
  }
  if (const auto* v = find_param(params, "Type")) {
    q.type = parse_int(*v);
    if (!q.type) return std::string_view("Type");
  }
  if (const auto* v = find_param(params, "LicenseItemId"); v && !v->empty()) q.license_item_id = *v;
  return q;
}

bool matches(const boost::json::object& license, const Query& q) {
  if (q.status && license.at("Status").as_int64() != *q.status) return false;
  if (q.type && license.at("Type").as_int64() != *q.type) return false;
  return !q.license_item_id || license.at("LicenseItemId").as_string() == *q.license_item_id;
}

}  // namespace

WireResponse ice_serve(const WireRequest& req, const Dataset& data) {
  const auto params = alibaba_params(req);
  if (!params) return invalid(req, "query");
  const auto read = read_query(*params);
  if (const auto* bad = std::get_if<std::string_view>(&read)) return invalid(req, *bad);
  const Query& q = std::get<Query>(read);

  std::vector<const boost::json::object*> hits;
  for (const auto& license : data.ice) {
    if (matches(license, q)) hits.push_back(&license);
  }
  const auto total = static_cast<std::int64_t>(hits.size());
  boost::json::array list;
  // PageNo far beyond the end must not overflow into a huge start index.
  if (q.page_no <= total) {
    for (std::int64_t i = (q.page_no - 1) * q.page_size; i < std::min(total, q.page_no * q.page_size); ++i) {
      list.push_back(*hits[static_cast<std::size_t>(i)]);
    }
  }
  boost::json::object o{{"Success", true},          {"Code", "Success"},
                        {"Message", "OK"},          {"HttpStatusCode", 200},
                        {"LicenseInfoList", std::move(list)}};
  if (q.need_total) o["TotalCount"] = total;
  return alibaba_data(std::move(o), "RequestId");
}

}  // namespace qg::emulator
