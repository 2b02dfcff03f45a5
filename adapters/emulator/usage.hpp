#pragma once
// Usage of the emulated packages, for tests of what happens between requests: use up a fraction
// of every package at once, or burn it at a steady rate from now on. Only what the APIs report as
// used changes (Tencent Used/Left, AIContent remainQuantity; ICE reports no usage), and only for
// packages in use that have something left. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <boost/json/object.hpp>

#include "adapters/emulator/dataset.hpp"
#include "adapters/emulator/faults.hpp"

namespace qg::emulator {

// The body of POST /__emulator/usage: {"api": optional, "consume": fraction} uses up that
// fraction of each package's total now; {"api": optional, "burn_per_hour": fraction} uses it up
// continuously from now on (0 stops); {"api": optional, "pool_burn_per_hour": fraction} uses that
// fraction of each pool's total per hour the way a cloud deducts it, one package at a time,
// soonest expiry first (pool_burn.hpp). Without "api", every API.
struct UsageUpdate {
  std::optional<Api> api;
  double consume = 0;
  std::optional<double> burn_per_hour;
  bool in_order = false;  // the burn is pool_burn_per_hour
};
std::variant<UsageUpdate, std::string> parse_usage(std::string_view json_body);

// `data` with `fraction` of every total used up in `api` (nullopt: all).
Dataset consume(const Dataset& data, std::optional<Api> api, double fraction);

}  // namespace qg::emulator
