#include "adapters/emulator/alibaba_gateway.hpp"

#include "adapters/emulator/envelopes.hpp"
#include "adapters/emulator/verify_acs3.hpp"

namespace qg::emulator {
namespace {

constexpr std::string_view kNotFound = "Specified api is not found, please check your url and method.";

}  // namespace

Admission alibaba_admit(const WireRequest& req, const PopApi& api, const std::vector<Credential>& credentials,
                        std::int64_t now_unix) {
  Admission a;
  const std::string_view host = req.header("Host");
  const bool method_ok = api.rpc ? (req.method == "POST" || req.method == "GET") : req.method == "GET";
  if (req.header("x-acs-action") != api.action || req.path != api.path || !method_ok) {
    a.refusal = pop_error(404, "InvalidAction.NotFound", kNotFound, host, api.product);
    return a;
  }
  if (req.header("x-acs-version") != api.version) {
    a.refusal = pop_error(400, "InvalidVersion", "Specified parameter Version is not valid.", host, api.product);
    return a;
  }
  Acs3Verified verified;
  if (auto failure = verify_acs3(req, credentials, now_unix, verified)) {
    a.refusal = pop_error(failure->http_status, failure->code, failure->message, host, api.product);
    return a;
  }
  a.credential = verified.access_key_id;
  a.nonce = verified.nonce;
  a.nonce_expires = verified.date_unix + kAcs3MaxSkewSeconds;
  return a;
}

std::optional<Params> alibaba_params(const WireRequest& req) {
  auto params = decode_query(req.query);
  if (!params) return std::nullopt;
  if (!req.body.empty() && req.header("Content-Type").starts_with("application/x-www-form-urlencoded")) {
    auto form = decode_query(req.body);
    if (!form) return std::nullopt;
    params->insert(params->end(), form->begin(), form->end());
  }
  return params;
}

WireResponse alibaba_action_not_found(const WireRequest& req) {
  return pop_error(404, "InvalidAction.NotFound", kNotFound, req.header("Host"), "");
}

}  // namespace qg::emulator
