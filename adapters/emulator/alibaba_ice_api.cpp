// GetAiRtcLicenseInfoList (providers.md §2) and the POP gateway checks both Alibaba APIs share:
// ACS3 verification, nonce replay, version, throttling with the x-ratelimit hint.
#include <algorithm>

#include <boost/json/serialize.hpp>

#include "adapters/emulator/api.hpp"
#include "adapters/emulator/verify_acs3.hpp"

namespace qg::emulator {
namespace {

std::optional<std::int64_t> int_param(const std::vector<std::pair<std::string, std::string>>& params, std::string_view name,
                                      bool& present, bool& valid) {
  for (const auto& [k, v] : params) {
    if (k != name) continue;
    present = true;
    try {
      std::size_t used = 0;
      const auto n = std::stoll(v, &used);
      valid = used == v.size();
      if (valid) return n;
    } catch (...) {
      valid = false;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

bool NonceStore::use(const std::string& nonce, std::int64_t now_unix) {
  // Nonces older than the 15-minute date window can go: a replay that old fails the date check.
  if (seen_.size() > 10000) {
    for (auto it = seen_.begin(); it != seen_.end();) it = now_unix - it->second > 15 * 60 ? seen_.erase(it) : std::next(it);
  }
  return seen_.emplace(nonce, now_unix).second;
}

WireResponse pop_error(unsigned status, std::string_view code, std::string_view message, std::string_view host) {
  const std::string id = new_request_id(true);
  boost::json::object o{{"RequestId", id},
                        {"HostId", host},
                        {"Code", code},
                        {"Message", message},
                        {"Recommend", "https://api.aliyun.com/troubleshoot?q=" + std::string(code) + "&requestId=" + id}};
  auto r = json_response(status, boost::json::serialize(o));
  r.headers.emplace_back("x-acs-request-id", id);
  return r;
}

std::optional<WireResponse> alibaba_gate(const WireRequest& req, ApiContext& ctx, std::string_view host) {
  Acs3Verified verified;
  if (auto failure = verify_acs3(req, ctx.credentials, ctx.now_unix, verified)) {
    return pop_error(failure->http_status, failure->code, failure->message, host);
  }
  ctx.credential = verified.access_key_id;
  if (ctx.nonces && !ctx.nonces->use(verified.nonce, ctx.now_unix)) {
    return pop_error(400, "SignatureNonceUsed", "Specified signature nonce was used already.", host);
  }
  if (ctx.windows[verified.access_key_id].arrive(ctx.now_steady) > static_cast<std::size_t>(ctx.rate_limit)) {
    auto r = pop_error(ctx.throttle_status, "Throttling.User", "Request was denied due to user flow control.", host);
    const auto limit = static_cast<long long>(ctx.rate_limit);
    r.headers.emplace_back("x-ratelimit-user-api", "Limit:" + std::to_string(limit) + ",Remain:0,TimeLeft:1000,Reset:" +
                                                       std::to_string((ctx.now_unix + 1) * 1000));
    return r;
  }
  return std::nullopt;
}

WireResponse handle_alibaba_ice(const WireRequest& req, ApiContext& ctx) {
  const std::string host(req.header("Host"));
  if (auto stop = alibaba_gate(req, ctx, host)) return *stop;
  if (req.header("x-acs-version") != "2020-11-09") {
    return pop_error(400, "InvalidVersion", "Specified parameter Version is not valid.", host);
  }
  if (req.path != "/" || (req.method != "POST" && req.method != "GET")) {
    return pop_error(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.", host);
  }
  const auto params = decode_query(req.query).value_or(std::vector<std::pair<std::string, std::string>>{});
  bool present = false, valid = true;
  std::int64_t page_no = 1, page_size = 10;
  if (auto v = int_param(params, "PageNo", present, valid); present) {
    if (!valid || !v || *v < 1) return pop_error(400, "InvalidParameter", "The parameter PageNo is invalid.", host);
    page_no = *v;
  }
  present = false;
  if (auto v = int_param(params, "PageSize", present, valid); present) {
    if (!valid || !v || *v < 1 || *v > 100) return pop_error(400, "InvalidParameter", "The parameter PageSize is invalid.", host);
    page_size = *v;
  }
  bool need_total = true;
  std::optional<std::int64_t> status, type;
  std::string license_id;
  for (const auto& [k, v] : params) {
    if (k == "NeedTotalCount") need_total = v != "false";
    if (k == "LicenseItemId") license_id = v;
  }
  present = false;
  if (auto v = int_param(params, "Status", present, valid); present) status = v;
  present = false;
  if (auto v = int_param(params, "Type", present, valid); present) type = v;

  std::vector<const boost::json::object*> matching;
  for (const auto& l : ctx.data.ice) {
    if (status && l.at("Status").as_int64() != *status) continue;
    if (type && l.at("Type").as_int64() != *type) continue;
    if (!license_id.empty() && l.at("LicenseItemId").as_string() != license_id) continue;
    matching.push_back(&l);
  }
  boost::json::array list;
  const auto total = static_cast<std::int64_t>(matching.size());
  for (std::int64_t i = (page_no - 1) * page_size; i < std::min(total, page_no * page_size); ++i) {
    list.push_back(*matching[static_cast<std::size_t>(i)]);
  }
  boost::json::object o{{"RequestId", new_request_id(true)}, {"Success", true}, {"Code", "Success"},
                        {"Message", "OK"}, {"HttpStatusCode", 200}, {"LicenseInfoList", std::move(list)}};
  if (need_total) o["TotalCount"] = total;
  return json_response(200, boost::json::serialize(o));
}

}  // namespace qg::emulator
