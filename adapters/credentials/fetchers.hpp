#pragma once
// The four temporary-credential exchanges, as Fetch functions for RefreshingProvider, and the
// providers built from them. Every endpoint can be overridden (config passes it; tests use
// loopback). The HttpsClient must outlive what is returned.

#include <memory>
#include <optional>

#include "adapters/common/http_types.hpp"
#include "adapters/common/https_client.hpp"
#include "adapters/credentials/refreshing_provider.hpp"
#include "adapters/credentials/specs.hpp"

namespace qg::credentials {

// ECS: PUT the IMDSv2 session token, list the role unless named, GET the role's credentials.
// A token request that gets an HTTP error (an instance without IMDSv2) falls back to requests
// without a token unless spec.disable_imdsv1, as the SDKs do; one that gets no answer at all
// fails, since the metadata service itself is unreachable.
Fetch ecs_role_fetch(adapters::HttpsClient& client, adapters::Endpoint metadata, EcsRoleSpec spec);
// CVM: list the role unless named, GET the role's credentials.
Fetch cvm_role_fetch(adapters::HttpsClient& client, adapters::Endpoint metadata, CvmRoleSpec spec);
// RRSA: read the service-account token file afresh, POST AssumeRoleWithOIDC.
Fetch rrsa_fetch(adapters::HttpsClient& client, adapters::Endpoint sts, RrsaSpec spec, ReadFile read_file);
// TKE: read the token file afresh, POST AssumeRoleWithWebIdentity.
Fetch tke_fetch(adapters::HttpsClient& client, adapters::Endpoint sts, TkeSpec spec, ReadFile read_file);

// The same, wrapped in RefreshingProviders; without an endpoint, the production one.
std::unique_ptr<RefreshingProvider> make_ecs_role_provider(adapters::HttpsClient& client, EcsRoleSpec spec,
                                                           std::optional<adapters::Endpoint> metadata = {},
                                                           RefreshPolicy policy = {});
std::unique_ptr<RefreshingProvider> make_cvm_role_provider(adapters::HttpsClient& client, CvmRoleSpec spec,
                                                           std::optional<adapters::Endpoint> metadata = {},
                                                           RefreshPolicy policy = {});
std::unique_ptr<RefreshingProvider> make_rrsa_provider(adapters::HttpsClient& client, RrsaSpec spec,
                                                       ReadFile read_file,
                                                       std::optional<adapters::Endpoint> sts = {},
                                                       RefreshPolicy policy = {});
std::unique_ptr<RefreshingProvider> make_tke_provider(adapters::HttpsClient& client, TkeSpec spec,
                                                      ReadFile read_file,
                                                      std::optional<adapters::Endpoint> sts = {},
                                                      RefreshPolicy policy = {});

}  // namespace qg::credentials
