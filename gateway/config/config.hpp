#pragma once
// The gateway's configuration as typed structs with safe defaults (design.md §4). YAML is read
// once, at startup, by load.cpp; nothing else reads YAML.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/common/secret.hpp"
#include "gateway/ratelimit/rate_limit.hpp"

namespace qg::config {

using Duration = std::chrono::milliseconds;
using namespace std::chrono_literals;

inline constexpr std::string_view kTencentLive = "tencent-live";
inline constexpr std::string_view kAlibabaIce = "alibaba-ice";
inline constexpr std::string_view kAlibabaAicontent = "alibaba-aicontent";

struct ListenAddress {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  bool is_loopback() const;
  std::string to_string() const;
};

struct LimitsConfig {
  Duration read_timeout = 30s;   // a whole request (headers + body), and an idle keep-alive connection
  Duration write_timeout = 30s;
  std::size_t max_header_bytes = 16 * 1024;  // request line + headers → 431 beyond
  std::size_t max_body_bytes = 64 * 1024;    // → 413 beyond (no route takes a body today)
  std::size_t max_connections = 10000;
};

struct CacheConfig {
  Duration ttl = 60s;
  Duration stale_while_revalidate = 30s;
  Duration stale_if_error = 1h;
  std::size_t max_entries = 4096;
};

struct RetryConfig {
  int max_attempts = 3;
  Duration base_delay = 200ms;
  Duration max_delay = 5s;
  Duration attempt_timeout = 3s;
};

struct BreakerConfig {
  int failure_threshold = 5;
  Duration cool_down = 30s;
};

struct AuthConfig {
  std::vector<adapters::Secret> api_keys;  // empty: no authentication
};

struct CorsConfig {
  std::vector<std::string> allowed_origins;  // exact origins, or "*"
  Duration max_age = 600s;
};

struct LogConfig {
  std::string level = "info";
  std::string format = "auto";  // text | json | auto (text on a terminal, json otherwise)
};

struct RedisConfig {
  std::string url;                  // redis://[:password@]host[:port][/db]
  Duration timeout = 250ms;         // per command
  std::string key_prefix = "quotagw:";
  double local_share = 0.5;         // share of each account's rate limit a replica uses alone while Redis is down
};

struct AccountConfig {
  std::string name;
  std::string provider;  // tencent-live | alibaba-ice | alibaba-aicontent
  std::string endpoint;  // empty: the provider's public endpoint
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

  std::optional<ratelimit::RateLimit> rate_limit;  // default per provider (see default_rate_limit)
  std::optional<Duration> cache_ttl;               // overrides cache.ttl
  std::int64_t page_size = 0;                      // 0: the adapter's default
};

struct GatewayConfig {
  ListenAddress listen;
  int threads = 0;  // io_context threads; 0: one per core
  Duration request_deadline = 5s;
  Duration shutdown_grace = 25s;
  Duration shutdown_delay = 0s;  // after SIGTERM: /readyz answers 503 this long before the listener closes
  LimitsConfig limits;
  CacheConfig cache;
  RetryConfig retry;
  BreakerConfig circuit_breaker;
  AuthConfig auth;
  CorsConfig cors;
  LogConfig log;
  std::optional<RedisConfig> redis;
  std::vector<AccountConfig> accounts;
  std::string docs_dir;  // swagger-ui-dist for /docs; empty: where the build installed it
  bool demo = false;  // set by the app when it runs on the built-in emulators
};

// The documented default per provider: Tencent's published 20 requests/s; the Alibaba APIs
// publish no limit, so a conservative 10/s.
ratelimit::RateLimit default_rate_limit(std::string_view provider);

}  // namespace qg::config
