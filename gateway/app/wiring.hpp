#pragma once
// Configuration → running objects. The only place that names concrete adapters.

#include <memory>
#include <vector>

#include "adapters/common/https_client.hpp"
#include "adapters/credentials/provider.hpp"

#include "gateway/config/config.hpp"
#include "gateway/quotas/service.hpp"

namespace qg::app {

// `client` carries the credential exchanges (metadata service, STS) and must outlive the accounts.
std::vector<quotas::Account> build_accounts(const config::GatewayConfig& config, adapters::HttpsClient& client);

// One account's adapter, breaker and credential source.
quotas::Account build_account(const config::AccountConfig& account, const retry::BreakerPolicy& breaker,
                              adapters::HttpsClient& client);

// The account's rotating credential source; null when it signs with static keys.
std::shared_ptr<credentials::CredentialProvider> make_credentials(const config::AccountConfig& account,
                                                                  adapters::HttpsClient& client);

}  // namespace qg::app
