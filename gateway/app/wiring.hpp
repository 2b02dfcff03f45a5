#pragma once
// Configuration → running objects. The only place that names concrete adapters.

#include <vector>

#include "gateway/config/config.hpp"
#include "gateway/quotas/service.hpp"

namespace qg::app {

std::vector<quotas::Account> build_accounts(const config::GatewayConfig& config);

}  // namespace qg::app
