#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "adapters/common/json_util.hpp"
#include "adapters/emulator/core.hpp"

namespace qg::emulator {
namespace {

constexpr std::string_view kAicontentPath = "/api/v1/aliyunConsole/queryPaidResource";

// The error code in any of the three envelopes, for statistics.
std::string error_code(const WireResponse& r) {
  auto v = adapters::json::parse(r.body);
  if (!v || !v->is_object()) return "";
  const auto& o = v->as_object();
  if (const auto* resp = adapters::json::get_object(o, "Response")) {
    if (const auto* e = adapters::json::get_object(*resp, "Error")) return adapters::json::get_string(*e, "Code").value_or("");
    return "";
  }
  if (auto code = adapters::json::get_string(o, "errCode"); code && adapters::json::get_bool(o, "success") == false) return *code;
  if (r.status >= 400) return adapters::json::get_string(o, "Code").value_or("");
  return "";
}

WireResponse injected_failure(Api api, const Faults& f, const std::string& host) {
  if (api == Api::kTencentLive) return tencent_error(f.fail_code, "Injected failure.");
  const unsigned status = f.fail_status ? f.fail_status : f.fail_code == "ServiceUnavailable" ? 503
                                                          : f.fail_code.starts_with("Throttling") ? 429
                                                                                                   : 500;
  return pop_error(status, f.fail_code, "Injected failure.", host);
}

}  // namespace

std::string_view api_name(Api api) {
  switch (api) {
    case Api::kTencentLive: return "tencent-live";
    case Api::kAlibabaIce: return "alibaba-ice";
    case Api::kAlibabaAicontent: return "alibaba-aicontent";
  }
  return "";
}

std::optional<Api> parse_api(std::string_view name) {
  for (Api a : {Api::kTencentLive, Api::kAlibabaIce, Api::kAlibabaAicontent}) {
    if (api_name(a) == name) return a;
  }
  return std::nullopt;
}

EmulatorCore::EmulatorCore(EmulatorOptions options) : options_(std::move(options)) {
  if (options_.tencent_credentials.empty()) options_.tencent_credentials.push_back(kDefaultTencentCredential);
  if (options_.alibaba_credentials.empty()) options_.alibaba_credentials.push_back(kDefaultAlibabaCredential);
  if (options_.data_epoch == 0) options_.data_epoch = default_epoch(unix_now());
  data_ = make_dataset(options_.seed, options_.data_epoch, options_.sizes);
}

WireResponse EmulatorCore::handle(const WireRequest& req) {
  if (req.path.starts_with("/__emulator/")) return control(req);
  if (req.has_header("X-TC-Action")) return call(Api::kTencentLive, req);
  const auto action = req.header("x-acs-action");
  if (req.path == kAicontentPath && action == "AliyunConsoleOpenApiQueryPaidResource") {
    return call(Api::kAlibabaAicontent, req);
  }
  if (action == "GetAiRtcLicenseInfoList") return call(Api::kAlibabaIce, req);
  if (!action.empty() || req.path == kAicontentPath) {
    return pop_error(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.",
                     req.header("Host"));
  }
  return json_response(404, R"({"error":"no emulated API here; send X-TC-Action or x-acs-action"})");
}

WireResponse EmulatorCore::call(Api api, const WireRequest& req) {
  std::lock_guard lock(mutex_);
  ApiState& st = state(api);
  const std::uint64_t n = ++st.calls;
  const Faults& f = st.faults;
  WireResponse r;
  if (f.hang) {
    r.hang = true;
    return r;
  }
  if (f.fail_every > 0 && n % static_cast<std::uint64_t>(f.fail_every) == 0) {
    r = injected_failure(api, f, std::string(req.header("Host")));
  } else {
    ApiContext ctx{data_, api == Api::kTencentLive ? options_.tencent_credentials : options_.alibaba_credentials,
                   unix_now(), std::chrono::steady_clock::now(), st.windows,
                   f.rate_limit.value_or(api == Api::kTencentLive ? options_.tencent_rate_limit
                                                                   : options_.alibaba_rate_limit),
                   api == Api::kTencentLive ? nullptr : &nonces_, options_.alibaba_throttle_status, {}};
    switch (api) {
      case Api::kTencentLive: r = handle_tencent_live(req, ctx); break;
      case Api::kAlibabaIce: r = handle_alibaba_ice(req, ctx); break;
      case Api::kAlibabaAicontent: r = handle_alibaba_aicontent(req, ctx); break;
    }
    if (!ctx.credential.empty()) ++st.by_credential[ctx.credential];
  }
  if (const auto code = error_code(r); !code.empty()) {
    ++st.errors[code];
  } else {
    ++st.ok;
    if (f.truncate_every > 0 && n % static_cast<std::uint64_t>(f.truncate_every) == 0) r.truncate = true;
    if (f.invalid_json_every > 0 && n % static_cast<std::uint64_t>(f.invalid_json_every) == 0) {
      r.body = "<html><body>502 Bad Gateway</body></html>";
    }
  }
  r.latency = std::chrono::milliseconds(options_.latency_ms + f.latency_ms);
  return r;
}

boost::json::object EmulatorCore::stats() const {
  std::lock_guard lock(mutex_);
  boost::json::object apis;
  for (Api api : {Api::kTencentLive, Api::kAlibabaIce, Api::kAlibabaAicontent}) {
    const ApiState& st = apis_[static_cast<std::size_t>(api)];
    boost::json::object errors, credentials;
    for (const auto& [code, count] : st.errors) errors[code] = count;
    for (const auto& [id, count] : st.by_credential) {
      const auto w = st.windows.find(id);
      credentials[id] = boost::json::object{
          {"requests", count}, {"max_in_any_1s_window", w == st.windows.end() ? 0 : w->second.max_in_any_second()}};
    }
    apis[api_name(api)] = boost::json::object{
        {"calls", st.calls}, {"ok", st.ok}, {"errors", std::move(errors)}, {"credentials", std::move(credentials)}};
  }
  boost::json::object dataset{{"epoch", data_.epoch},
                              {"tencent_live", data_.tencent[0].size() + data_.tencent[1].size() + data_.tencent[2].size()},
                              {"alibaba_ice", data_.ice.size()},
                              {"alibaba_aicontent", data_.aicontent.size()}};
  return boost::json::object{{"apis", std::move(apis)}, {"dataset", std::move(dataset)}};
}

void EmulatorCore::set_faults(Api api, Faults faults) {
  std::lock_guard lock(mutex_);
  state(api).faults = std::move(faults);
}

void EmulatorCore::reset() {
  std::lock_guard lock(mutex_);
  for (auto& st : apis_) st = ApiState{};
  nonces_.clear();
}

WireResponse EmulatorCore::control(const WireRequest& req) {
  if (req.path == "/__emulator/stats" && req.method == "GET") return json_response(200, boost::json::serialize(stats()));
  if (req.path == "/__emulator/dataset" && req.method == "GET") {
    boost::json::object o{{"epoch", data_.epoch}};
    boost::json::array tencent;
    for (const auto& list : data_.tencent) tencent.push_back(boost::json::array(list.begin(), list.end()));
    o["tencent_live"] = std::move(tencent);
    o["alibaba_ice"] = boost::json::array(data_.ice.begin(), data_.ice.end());
    o["alibaba_aicontent"] = boost::json::array(data_.aicontent.begin(), data_.aicontent.end());
    return json_response(200, boost::json::serialize(o));
  }
  if (req.path == "/__emulator/reset" && req.method == "POST") {
    reset();
    return json_response(200, R"({"reset":true})");
  }
  if (req.path == "/__emulator/faults" && req.method == "POST") {
    auto v = adapters::json::parse(req.body);
    if (!v || !v->is_object()) return json_response(400, R"({"error":"body must be a JSON object"})");
    const auto& o = v->as_object();
    auto api = parse_api(adapters::json::get_string(o, "api").value_or(""));
    if (!api) return json_response(400, R"({"error":"api must be tencent-live, alibaba-ice or alibaba-aicontent"})");
    Faults f;
    f.latency_ms = static_cast<int>(adapters::json::get_int(o, "latency_ms").value_or(0));
    f.fail_every = static_cast<int>(adapters::json::get_int(o, "fail_every").value_or(0));
    f.fail_code = adapters::json::get_string(o, "fail_code").value_or("InternalError");
    f.fail_status = static_cast<unsigned>(adapters::json::get_int(o, "fail_status").value_or(0));
    f.truncate_every = static_cast<int>(adapters::json::get_int(o, "truncate_every").value_or(0));
    f.invalid_json_every = static_cast<int>(adapters::json::get_int(o, "invalid_json_every").value_or(0));
    f.hang = adapters::json::get_bool(o, "hang").value_or(false);
    if (const auto* rl = adapters::json::find(o, "rate_limit"); rl && rl->is_number()) f.rate_limit = rl->to_number<double>();
    set_faults(*api, std::move(f));
    return json_response(200, R"({"faults":"set"})");
  }
  return json_response(404, R"({"error":"unknown control endpoint"})");
}

}  // namespace qg::emulator
