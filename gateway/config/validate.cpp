#include "gateway/config/validate.hpp"

#include <cctype>
#include <set>
#include <utility>
#include <vector>

#include "adapters/common/http_types.hpp"

namespace qg::config {
namespace {

bool valid_account_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (!(std::isalnum(c) || c == '-' || c == '_' || c == '.')) return false;
  }
  return true;
}

// An endpoint a credential exchange may use: HTTPS, or plain HTTP to loopback (an emulator)
// or, for the metadata service, to anywhere (it is plain HTTP on the clouds themselves).
void check_credential_endpoint(const std::string& url, bool plain_ok, const std::string& path, const FailFn& fail) {
  if (url.empty()) return;
  auto ep = adapters::parse_endpoint(url);
  if (!ep) fail(path, "'" + adapters::redact_url(url) + "' " + ep.error());
  else if (!ep->tls && !plain_ok && !adapters::is_loopback_host(ep->host)) {
    fail(path, "'" + adapters::redact_url(url) + "' is plain HTTP to a host that is not loopback; use https://");
  }
}

void check_source(const CredentialsConfig& c, bool tencent, const std::string& path, const FailFn& fail) {
  if (c.source != "default" && c.source != "instance_role" && c.source != "oidc") {
    fail(path + ".source", "must be default, instance_role or oidc");
    return;
  }
  check_credential_endpoint(c.metadata_endpoint, true, path + ".metadata_endpoint", fail);
  check_credential_endpoint(c.sts_endpoint, false, path + ".sts_endpoint", fail);
  if (c.source != "oidc") return;
  std::vector<std::pair<const char*, const std::string*>> needed{{"role_arn", &c.role_arn}, {"token_file", &c.token_file}};
  if (tencent) {
    needed.emplace_back("provider_id", &c.provider_id);
    needed.emplace_back("region", &c.region);
  } else {
    needed.emplace_back("oidc_provider_arn", &c.oidc_provider_arn);
  }
  for (const auto& [key, value] : needed) {
    if (value->empty()) fail(path + "." + key, std::string("is required with source: oidc"));
  }
}

void check_credentials(const AccountConfig& a, const adapters::ProviderInfo& p, const std::string& path,
                       const FailFn& fail) {
  const bool tencent = p.credentials == adapters::CredentialStyle::kTencent;
  const bool has_static = tencent ? !a.secret_id.empty() || !a.secret_key.empty()
                                  : !a.access_key_id.empty() || !a.access_key_secret.empty();
  if (a.credentials) {
    if (has_static) fail(path + ".credentials", "excludes static keys: give either keys or a credentials source");
    else check_source(*a.credentials, tencent, path + ".credentials", fail);
    return;
  }
  const std::string hint = " (or credentials: { source: default } for the SDKs' chain)";
  if (tencent) {
    if (a.secret_id.empty()) fail(path + ".secret_id", std::string(p.name) + " needs secret_id and secret_key" + hint);
    else if (a.secret_key.empty()) fail(path + ".secret_key", std::string(p.name) + " needs secret_id and secret_key" + hint);
  } else {
    if (a.access_key_id.empty()) {
      fail(path + ".access_key_id", std::string(p.name) + " needs access_key_id and access_key_secret" + hint);
    } else if (a.access_key_secret.empty()) {
      fail(path + ".access_key_secret", std::string(p.name) + " needs access_key_id and access_key_secret" + hint);
    }
  }
}

void check_endpoint(const AccountConfig& a, const adapters::ProviderInfo& p, const std::string& path,
                    const FailFn& fail) {
  if (a.endpoint.empty()) {
    if (p.region_required && a.region.empty()) fail(path + ".region", std::string(p.name) + " needs region (or endpoint)");
    return;
  }
  auto ep = adapters::parse_endpoint(a.endpoint);
  if (!ep) {
    fail(path + ".endpoint", "'" + adapters::redact_url(a.endpoint) + "' " + ep.error());
    return;
  }
  // Plain HTTP carries the signed request and its response in the clear: loopback only (an
  // emulator, a local proxy) unless the operator says otherwise in so many words.
  if (!ep->tls && !adapters::is_loopback_host(ep->host) && !a.allow_insecure_endpoint) {
    fail(path + ".endpoint", "'" + adapters::redact_url(a.endpoint) +
                                 "' is plain HTTP to a host that is not loopback; use https:// or set "
                                 "allow_insecure_endpoint: true");
  }
}

void check_account(const AccountConfig& a, const std::string& path, std::set<std::string>& names,
                   const FailFn& fail) {
  if (!valid_account_name(a.name)) fail(path + ".name", "must be 1-64 characters of letters, digits, '-', '_' or '.'");
  else if (!names.insert(a.name).second) fail(path + ".name", "'" + a.name + "' is used twice");
  const auto* p = a.info();
  if (p == nullptr) {
    fail(path + ".provider", "must be one of " + adapters::provider_names());
    return;
  }
  check_credentials(a, *p, path, fail);
  if (a.page_size != 0 && (a.page_size < p->min_page_size || a.page_size > p->max_page_size)) {
    fail(path + ".page_size", "must be in [" + std::to_string(p->min_page_size) + ", " +
                                  std::to_string(p->max_page_size) + "] for " + std::string(p->name));
  }
  check_endpoint(a, *p, path, fail);
  if (a.rate_limit && a.rate_limit->requests <= 0) fail(path + ".rate_limit", "must be positive");
}

}  // namespace

void check_semantics(const GatewayConfig& c, const FailFn& fail) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < c.accounts.size(); ++i) {
    check_account(c.accounts[i], "accounts[" + std::to_string(i) + "]", names, fail);
  }
  if (c.retry.base_delay > c.retry.max_delay) fail("retry.base_delay", "must not exceed retry.max_delay");
  // Keyless auth exists only as a reload's revocation of every key (LoadEnvironment::reloading).
  if (c.auth.enabled && c.auth.api_keys.empty() && c.auth.no_key_reason.empty()) fail("auth", "yields no API key");
  if (c.metrics_listen && c.metrics_listen->port != 0 && c.metrics_listen->port == c.listen.port) {
    fail("metrics_listen", "must use another port than listen (" + c.listen.to_string() + ")");
  }
}

}  // namespace qg::config
