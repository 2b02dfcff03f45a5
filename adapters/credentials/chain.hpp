#pragma once
// The default credential chain of each cloud's official SDKs, resolved once at start-up:
//
//   Alibaba: env keys → RRSA env → ~/.aliyun/config.json → ~/.alibabacloud/credentials → ECS RAM role
//   Tencent: env keys → TKE OIDC env → ~/.tencentcloud/credentials (/etc/...) → CVM CAM role
//
// The first source that is configured wins; sources configured only in part are skipped with a
// note. Unlike the SDKs, the choice is made here and not on every call, so a transient failure
// of the chosen source is reported as such instead of silently switching to another identity.
// OIDC comes before the files and the instance role on both clouds: in a Kubernetes pod the node's
// instance role is reachable too, and must not be picked over the pod's own role (the Tencent
// Node SDK tries TKE OIDC last; see PROTOCOLS.md).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/common/http_types.hpp"
#include "adapters/common/https_client.hpp"
#include "adapters/credentials/provider.hpp"
#include "adapters/credentials/refreshing_provider.hpp"
#include "adapters/credentials/specs.hpp"

namespace qg::credentials {

enum class Cloud { kAlibaba, kTencent };

struct ChainEnvironment {
  Getenv getenv;
  ReadFile read_file;
  std::string home;  // empty: no per-user profile files
};

// The process's environment, the disk and $HOME.
ChainEnvironment process_environment();

struct ChainOptions {
  std::optional<adapters::Endpoint> metadata;  // the instance metadata service (ECS / CVM)
  std::optional<adapters::Endpoint> sts;       // the STS endpoint (RRSA / TKE OIDC)
  RefreshPolicy refresh;
};

struct Chain {
  std::unique_ptr<CredentialProvider> provider;  // never null; UnavailableProvider when nothing applies
  std::vector<std::string> notes;                // sources skipped and why: one log line each
};

Chain make_default_chain(Cloud cloud, adapters::HttpsClient& client, const ChainEnvironment& env,
                         const ChainOptions& options = {});

}  // namespace qg::credentials
