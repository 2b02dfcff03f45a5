#include "adapters/emulator/router.hpp"

#include "adapters/emulator/alibaba_gateway.hpp"
#include "adapters/emulator/identity_api.hpp"

namespace qg::emulator {

Route route(const WireRequest& req) {
  if (req.path.starts_with(kControlPrefix)) return {RouteKind::kControl};
  // Before the APIs: AssumeRoleWithWebIdentity carries an X-TC-Action too.
  if (const auto identity = identity_endpoint(req)) {
    return {RouteKind::kIdentity, Api::kTencentLive, *identity};
  }
  if (req.has_header("X-TC-Action")) return {RouteKind::kApi, Api::kTencentLive};
  const auto action = req.header("x-acs-action");
  if (req.path == kAicontentApi.path || action == kAicontentApi.action) return {RouteKind::kApi, Api::kAlibabaAicontent};
  if (action == kIceApi.action) return {RouteKind::kApi, Api::kAlibabaIce};
  if (!action.empty()) return {RouteKind::kUnknownAlibabaAction};
  return {RouteKind::kNotFound};
}

}  // namespace qg::emulator
