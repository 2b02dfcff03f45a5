#pragma once
// The checks a YAML reader cannot make key by key: names unique, credentials complete for the
// provider, endpoints usable and safe. Each failure is reported with the key path it concerns.

#include <functional>
#include <string>

#include "gateway/config/config.hpp"

namespace qg::config {

using FailFn = std::function<void(const std::string& path, const std::string& what)>;

void check_semantics(const GatewayConfig& config, const FailFn& fail);

}  // namespace qg::config
