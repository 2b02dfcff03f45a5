#pragma once
// Which emulated API a request is for, decided the way the real front ends decide it: Tencent by
// the X-TC-Action header, Alibaba RPC by x-acs-action, Alibaba ROA by the path. The identity
// services (metadata paths, the two STS actions) are recognised first. Pure.

#include "adapters/emulator/faults.hpp"
#include "adapters/emulator/identity.hpp"
#include "adapters/emulator/wire.hpp"

namespace qg::emulator {

inline constexpr std::string_view kControlPrefix = "/__emulator/";

enum class RouteKind {
  kControl,               // /__emulator/*
  kIdentity,              // instance metadata or STS (identity_api.hpp)
  kApi,                   // one of the three APIs (the API still checks action, version, method)
  kUnknownAlibabaAction,  // an x-acs-action no emulated API has
  kNotFound,              // nothing a cloud would recognise
};

struct Route {
  RouteKind kind = RouteKind::kNotFound;
  Api api = Api::kTencentLive;                             // for kApi
  IdentitySource identity = IdentitySource::kEcsMetadata;  // for kIdentity
};

Route route(const WireRequest& request);

}  // namespace qg::emulator
