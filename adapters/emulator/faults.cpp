#include "adapters/emulator/faults.hpp"

#include <algorithm>
#include <iterator>
#include <limits>

#include "adapters/common/json_util.hpp"

namespace qg::emulator {
namespace {

namespace json = adapters::json;

bool every(int period, std::uint64_t n) { return period > 0 && n % static_cast<std::uint64_t>(period) == 0; }

// A non-negative integer field that fits `int`; nullopt with `error` set otherwise.
std::optional<int> count_field(const boost::json::object& o, std::string_view key, std::string& error) {
  const auto* v = json::find(o, key);
  if (!v) return 0;
  const auto n = json::as_int(*v);
  if (!v->is_number() || !n || *n < 0 || *n > std::numeric_limits<int>::max()) {
    error = std::string(key) + " must be a non-negative integer";
    return std::nullopt;
  }
  return static_cast<int>(*n);
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
  for (Api a : kAllApis) {
    if (api_name(a) == name) return a;
  }
  return std::nullopt;
}

std::variant<FaultsUpdate, std::string> parse_faults(std::string_view body) {
  const auto parsed = json::parse(body);
  if (!parsed || !parsed->is_object()) return std::string("the body must be a JSON object");
  const auto& o = parsed->as_object();
  static constexpr std::string_view kKnown[] = {"api",           "latency_ms",         "fail_every",
                                                "fail_code",     "fail_status",        "truncate_every",
                                                "invalid_json_every", "disconnect_every", "hang",
                                                "rate_limit"};
  for (const auto& field : o) {
    const std::string_view key(field.key().data(), field.key().size());
    if (std::find(std::begin(kKnown), std::end(kKnown), key) == std::end(kKnown)) {
      return "unknown field " + std::string(key);
    }
  }
  const auto api = parse_api(json::get_string(o, "api").value_or(""));
  if (!api) return std::string("api must be tencent-live, alibaba-ice or alibaba-aicontent");
  FaultsUpdate u{*api, {}};
  std::string error;
  const auto latency = count_field(o, "latency_ms", error);
  const auto fail_every = count_field(o, "fail_every", error);
  const auto fail_status = count_field(o, "fail_status", error);
  const auto truncate = count_field(o, "truncate_every", error);
  const auto invalid = count_field(o, "invalid_json_every", error);
  const auto disconnect = count_field(o, "disconnect_every", error);
  if (!error.empty()) return error;
  u.faults.latency_ms = *latency;
  u.faults.fail_every = *fail_every;
  u.faults.fail_status = static_cast<unsigned>(*fail_status);
  u.faults.truncate_every = *truncate;
  u.faults.invalid_json_every = *invalid;
  u.faults.disconnect_every = *disconnect;
  if (const auto* code = json::find(o, "fail_code")) {
    if (!code->is_string() || code->as_string().empty()) return std::string("fail_code must be a non-empty string");
    u.faults.fail_code = std::string(code->as_string());
  }
  if (const auto* hang = json::find(o, "hang")) {
    if (!hang->is_bool()) return std::string("hang must be true or false");
    u.faults.hang = hang->as_bool();
  }
  if (const auto* rate = json::find(o, "rate_limit"); rate && !rate->is_null()) {
    if (!rate->is_number() || rate->to_number<double>() < 0) return std::string("rate_limit must be a number >= 0");
    u.faults.rate_limit = rate->to_number<double>();
  }
  return u;
}

boost::json::object to_json(const Faults& f) {
  boost::json::object o{{"latency_ms", f.latency_ms},
                        {"fail_every", f.fail_every},
                        {"fail_code", f.fail_code},
                        {"fail_status", f.fail_status},
                        {"truncate_every", f.truncate_every},
                        {"invalid_json_every", f.invalid_json_every},
                        {"disconnect_every", f.disconnect_every},
                        {"hang", f.hang}};
  if (f.rate_limit) {
    o["rate_limit"] = *f.rate_limit;
  } else {
    o["rate_limit"] = nullptr;
  }
  return o;
}

FaultPlan plan_call(const Faults& f, std::uint64_t n) {
  FaultPlan p;
  p.hang = f.hang;
  p.fail = every(f.fail_every, n);
  p.truncate = every(f.truncate_every, n);
  p.invalid_json = every(f.invalid_json_every, n);
  p.disconnect = every(f.disconnect_every, n);
  p.latency = std::chrono::milliseconds(f.latency_ms);
  return p;
}

unsigned alibaba_fail_status(const Faults& f, unsigned throttle_status) {
  if (f.fail_status != 0) return f.fail_status;
  const std::string_view code = f.fail_code;
  if (code == "ServiceUnavailable") return 503;
  if (code.starts_with("InternalError") || code.starts_with("Server.")) return 500;
  if (code.starts_with("Throttling") || code == "Rejected.Throttling") return throttle_status;
  if (code.starts_with("InvalidAccessKeyId") || code.starts_with("InvalidAction")) return 404;
  if (code.starts_with("Forbidden") || code == "NoPermission") return 403;
  if (code.starts_with("Invalid") || code.starts_with("Missing") || code.starts_with("Signature") ||
      code == "IncompleteSignature") {
    return 400;
  }
  return 500;
}

}  // namespace qg::emulator
