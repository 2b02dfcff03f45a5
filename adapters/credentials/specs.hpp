#pragma once
// What each temporary-credential source needs before any I/O happens. The environment and
// profile readers produce these; the fetchers consume them. Pure.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace qg::credentials {

// Alibaba Cloud ECS instance RAM role, from the instance metadata service.
struct EcsRoleSpec {
  std::string role_name;          // empty: discovered from .../security-credentials/
  bool disable_imdsv1 = false;    // true: fail instead of retrying without a session token
  int token_ttl_seconds = 21600;  // the IMDSv2 session token's lifetime (1..21600), as the SDKs ask
};

// Tencent Cloud CVM instance CAM role, from the instance metadata service.
struct CvmRoleSpec {
  std::string role_name;  // empty: discovered from .../security-credentials/
};

// Alibaba Cloud RRSA: a Kubernetes service-account token exchanged through STS AssumeRoleWithOIDC.
struct RrsaSpec {
  std::string role_arn;
  std::string oidc_provider_arn;
  std::string token_file;       // re-read on every refresh: the kubelet rotates it
  std::string session_name;     // empty: "quota-gateway-<unix time>"
  int duration_seconds = 3600;  // STS default; at least 900
  std::string policy;           // optional session policy (JSON)
  std::string sts_region;       // empty: the central sts.aliyuncs.com
  bool vpc = false;             // sts-vpc.<region>.aliyuncs.com
};

// Tencent Cloud TKE OIDC: a service-account token exchanged through STS AssumeRoleWithWebIdentity.
struct TkeSpec {
  std::string region;  // X-TC-Region
  std::string provider_id;
  std::string token_file;  // re-read on every refresh
  std::string role_arn;
  std::string session_name;     // empty: "quota-gateway-<unix time>"
  int duration_seconds = 7200;  // STS default; at most 43200
};

// Injected process access, so the readers are tested without touching the real environment.
// Both return nullopt for "not there".
using Getenv = std::function<std::optional<std::string>(std::string_view name)>;
using ReadFile = std::function<std::optional<std::string>(const std::string& path)>;

}  // namespace qg::credentials
