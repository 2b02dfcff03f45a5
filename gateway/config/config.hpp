#pragma once
// The gateway's configuration as typed structs (design.md §4). Each setting has one default, in
// the module that uses it (CachePolicy, RetryPolicy, BreakerPolicy, ServerLimits) or here for
// what only the application reads. YAML is read once, by load.cpp; nothing else reads YAML.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/common/provider_catalog.hpp"
#include "adapters/common/secret.hpp"
#include "gateway/cache/policy.hpp"
#include "gateway/client_limits/policy.hpp"
#include "gateway/http/forwarded.hpp"
#include "gateway/history/recorder.hpp"
#include "gateway/http/limits.hpp"
#include "gateway/quotas/export_budget.hpp"
#include "gateway/quotas/exporter.hpp"
#include "gateway/ratelimit/rate_limit.hpp"
#include "gateway/redis/url.hpp"
#include "gateway/refresh/schedule.hpp"
#include "gateway/retry/circuit_breaker.hpp"
#include "gateway/retry/retry_policy.hpp"

namespace qg::config {

using Duration = std::chrono::milliseconds;
using namespace std::chrono_literals;

struct ListenAddress {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  bool is_loopback() const;
  std::string to_string() const;
  bool operator==(const ListenAddress&) const = default;
};

struct AuthConfig {
  bool enabled = false;                    // an auth: section was given: it must yield a key
  bool switched_off = false;               // auth: { enabled: false }: off on purpose, said explicitly
  // Never empty when enabled at start-up. Empty while enabled only after a reload that left no
  // usable key (an emptied or deleted api_keys_file): every key is revoked, nothing that needs
  // a key is served until keys come back (fail closed).
  std::vector<adapters::Secret> api_keys;
  std::string no_key_reason;  // why a reloaded auth: section yields no key ("" when it does)
  bool operator==(const AuthConfig&) const = default;
};

struct CorsConfig {
  std::vector<std::string> allowed_origins;  // exact origins, or "*"
  Duration max_age = 600s;
  bool operator==(const CorsConfig&) const = default;
};

struct LogConfig {
  std::string level = "info";
  std::string format = "auto";  // text | json | auto (text on a terminal, json otherwise)
  bool operator==(const LogConfig&) const = default;
};

struct RedisConfig {
  redis::RedisUrl url;              // parsed at load: a bad URL is an error with its key and line
  Duration timeout = 250ms;         // per command
  std::string key_prefix = "quotagw:";
  double local_share = 0.5;         // share of each account's rate limit a replica uses alone while Redis is down
  bool operator==(const RedisConfig&) const = default;
};

struct HistoryConfig {
  bool enabled = true;
  // SQLite file (the embedded default; ":memory:" keeps nothing); with redis: configured the
  // samples go to Redis instead; demo mode keeps them in memory.
  std::string path = "quota-gateway-history.db";
  history::HistoryPolicy policy;
  bool operator==(const HistoryConfig&) const = default;
};

// Where an account's credential comes from when it is not a static key in this file
// (docs/operations.md "Credentials that rotate"). Temporary credentials are refreshed before they expire.
struct CredentialsConfig {
  // default: the official SDKs' chain (environment, OIDC environment, the CLI profile files,
  // the instance role); instance_role: the ECS RAM role / CVM CAM role from the metadata
  // service; oidc: a Kubernetes service-account token exchanged through STS (RRSA / TKE OIDC).
  std::string source;
  std::string role_name;          // instance_role: empty discovers the attached role
  std::string metadata_endpoint;  // instance_role and default: the metadata service (tests, proxies)
  std::string sts_endpoint;       // oidc and default: the STS endpoint
  std::string role_arn;           // oidc
  std::string oidc_provider_arn;  // oidc, alibaba
  std::string provider_id;        // oidc, tencent (TKE)
  std::string token_file;         // oidc: re-read on every refresh (the kubelet rotates it)
  std::string region;             // oidc, tencent: TKE's region; alibaba: the STS region
  std::string session_name;       // oidc: empty picks one
  std::optional<Duration> duration;  // oidc: the session's lifetime
  bool operator==(const CredentialsConfig&) const = default;
};

struct AccountConfig {
  std::string name;
  std::string provider;  // a name from adapters::provider_catalog()
  std::string endpoint;  // empty: the provider's public endpoint
  bool allow_insecure_endpoint = false;  // http:// to a host that is not loopback
  std::string ca_file;
  std::string region;    // alibaba-ice: required for the default endpoint; tencent: X-TC-Region
  std::string language;  // tencent: X-TC-Language
  // tencent-live
  adapters::Secret secret_id;
  adapters::Secret secret_key;
  adapters::Secret session_token;
  // alibaba-*
  adapters::Secret access_key_id;
  adapters::Secret access_key_secret;
  adapters::Secret security_token;
  std::optional<CredentialsConfig> credentials;  // instead of the static keys above

  std::optional<ratelimit::RateLimit> rate_limit;  // default: the catalog's rate for the provider
  std::optional<Duration> cache_ttl;               // overrides cache.ttl
  std::int64_t page_size = 0;                      // 0: the adapter's default

  const adapters::ProviderInfo* info() const { return adapters::find_provider(provider); }
  ratelimit::RateLimit effective_rate_limit() const;
  bool operator==(const AccountConfig&) const = default;
};

struct ReloadConfig {
  // How often the configuration file and the secret files it names are checked for new content
  // (SIGHUP reloads at once, always); 0 turns the watch off.
  Duration watch_interval = 2s;
  bool operator==(const ReloadConfig&) const = default;
};

struct GatewayConfig {
  ListenAddress listen;
  // A second listener for Prometheus: /metrics and the probes, without an API key.
  std::optional<ListenAddress> metrics_listen;
  // Every route under this path ("/qg"); "" serves at the root.
  std::string base_path;
  // Peers whose forwarded headers are believed (CIDRs; none by default), and which family of
  // them (forwarded_header: X-Forwarded-For by default, or Forwarded).
  http::TrustedProxies trusted_proxies;
  client_limits::ClientLimitPolicy client_limits;
  int threads = 0;  // io_context threads; 0: one per core
  // Threads for CPU-heavy work (reading and mapping replies, indexing sets, rendering /metrics),
  // so it never holds up the serving threads; 0: half the cores, 1 to 4.
  int worker_threads = 0;
  Duration request_deadline = 5s;
  Duration shutdown_grace = 25s;
  Duration shutdown_delay = 0s;  // after SIGTERM: /readyz answers 503 this long before the listener closes
  http::ServerLimits limits;
  cache::CachePolicy cache;
  refresh::RefreshPolicy refresh;
  quotas::ExporterPolicy exporter;
  quotas::ExportPolicy exports;  // streamed CSV/NDJSON exports: caps and total deadline
  HistoryConfig history;
  retry::RetryPolicy retry;
  retry::BreakerPolicy circuit_breaker;
  AuthConfig auth;
  CorsConfig cors;
  LogConfig log;
  ReloadConfig reload;
  std::optional<RedisConfig> redis;
  std::vector<AccountConfig> accounts;
  // Page tokens must verify on every replica; without this (or static account secrets to derive
  // a key from) each process signs them with its own random key.
  adapters::Secret page_token_secret;
  std::string docs_dir;  // swagger-ui-dist for /docs; empty: where the build installed it
  bool demo = false;     // set by the app when it runs on the built-in emulators
};

}  // namespace qg::config
