#include "adapters/emulator/control.hpp"

#include <variant>

#include <boost/json/serialize.hpp>

#include "adapters/common/http_types.hpp"
#include "adapters/emulator/core.hpp"
#include "adapters/emulator/router.hpp"

namespace qg::emulator {
namespace {

WireResponse error(unsigned status, std::string_view message) {
  return json_response(status, boost::json::serialize(boost::json::object{{"error", message}}));
}

// "127.0.0.1:9000", "localhost", "[::1]:8080": the host part must be loopback.
bool loopback_host(std::string_view host) {
  if (host.starts_with("[")) {
    const auto close = host.find(']');
    return close != std::string_view::npos && adapters::is_loopback_host(host.substr(1, close - 1));
  }
  return adapters::is_loopback_host(host.substr(0, host.find(':')));
}

WireResponse method_not_allowed(std::string_view allow) {
  auto r = error(405, "method not allowed");
  r.headers.emplace_back("Allow", std::string(allow));
  return r;
}

// GET /__emulator/identity reads the identity state; POST revokes an issued credential, or
// attaches, renames or detaches the instance role.
WireResponse identity_control(EmulatorCore& core, const WireRequest& req) {
  if (req.method == "GET") {
    return json_response(200, boost::json::serialize(core.identity().stats().to_json()));
  }
  if (req.method != "POST") return method_not_allowed("GET, POST");
  auto parsed = parse_identity_update(req.body);
  if (const auto* message = std::get_if<std::string>(&parsed)) return error(400, *message);
  const auto& u = std::get<IdentityUpdate>(parsed);
  IdentityState& identity = core.identity();
  if (u.revoke) {
    if (!identity.revoke(*u.revoke)) return error(404, "no issued credential has id " + *u.revoke);
    return json_response(200, boost::json::serialize(boost::json::object{{"revoked", *u.revoke}}));
  }
  identity.set_role(u.cloud, u.detach ? std::nullopt : u.role);
  return json_response(200, boost::json::serialize(identity.stats().to_json()));
}

WireResponse all_faults(const EmulatorCore& core) {
  boost::json::object o;
  for (Api api : kAllApis) o[api_name(api)] = to_json(core.faults(api));
  return json_response(200, boost::json::serialize(o));
}

}  // namespace

WireResponse handle_control(EmulatorCore& core, const WireRequest& req) {
  // A loopback tool: a page on another site must not reach it by DNS rebinding (a Host that
  // is not loopback) nor change it by a cross-site form or fetch (any Origin on a write).
  if (!loopback_host(req.header("Host"))) return error(403, "the control plane answers loopback Host names only");
  if (req.method != "GET" && req.has_header("Origin")) return error(403, "cross-origin writes are refused");
  const std::string_view what = std::string_view(req.path).substr(kControlPrefix.size());
  if (what == "stats") {
    if (req.method != "GET") return method_not_allowed("GET");
    auto stats = core.stats().to_json();
    stats["identity"] = core.identity().stats().to_json();
    return json_response(200, boost::json::serialize(stats));
  }
  if (what == "identity") return identity_control(core, req);
  if (what == "dataset") {
    if (req.method != "GET") return method_not_allowed("GET");
    return json_response(200, core.dataset_json());
  }
  if (what == "faults") {
    if (req.method == "GET") return all_faults(core);
    if (req.method != "POST") return method_not_allowed("GET, POST");
    auto parsed = parse_faults(req.body);
    if (const auto* message = std::get_if<std::string>(&parsed)) return error(400, *message);
    auto& update = std::get<FaultsUpdate>(parsed);
    core.set_faults(update.api, update.faults);
    return json_response(200, boost::json::serialize(boost::json::object{{"api", api_name(update.api)},
                                                                         {"faults", to_json(update.faults)}}));
  }
  if (what == "usage") {
    if (req.method != "POST") return method_not_allowed("POST");
    auto parsed = parse_usage(req.body);
    if (const auto* message = std::get_if<std::string>(&parsed)) return error(400, *message);
    core.apply_usage(std::get<UsageUpdate>(parsed), Instant::now().wall_ms());
    return json_response(200, R"({"usage":"applied"})");
  }
  if (what == "reset") {
    if (req.method != "POST") return method_not_allowed("POST");
    core.reset();
    return json_response(200, R"({"reset":true})");
  }
  return error(404, "unknown control endpoint; see provider-emulator --help");
}

}  // namespace qg::emulator
