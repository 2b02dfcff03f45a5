#pragma once
// The three cloud APIs the gateway speaks, as data: the one registration of each provider that
// configuration validation, the query parser and the wiring all read. Adding a provider means a
// row here, its adapter directory and one case in gateway/app/wiring.cpp (the compiler points at
// the switch). Pure.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace qg::adapters {

// When adding enumerators here, also add a row to kCatalog in provider_catalog.cpp and a case to
// make_provider() in gateway/app/wiring.cpp.
enum class ProviderId { kTencentLive, kAlibabaIce, kAlibabaAicontent };

// Which credential fields an account of the provider carries.
enum class CredentialStyle {
  kTencent,  // secret_id, secret_key, session_token
  kAlibaba,  // access_key_id, access_key_secret, security_token
};

struct ProviderInfo {
  ProviderId id;
  std::string_view name;            // "tencent-live": configuration, record ids, metrics
  double default_rate_per_second;   // the documented limit, or a conservative guess
  CredentialStyle credentials;
  bool region_required;             // the default endpoint is regional: no endpoint → region needed
  std::int64_t min_page_size;
  std::int64_t max_page_size;
};

std::span<const ProviderInfo> provider_catalog();
const ProviderInfo* find_provider(std::string_view name);
const ProviderInfo& provider_info(ProviderId id);
// "tencent-live, alibaba-ice, alibaba-aicontent"
std::string provider_names();

}  // namespace qg::adapters
