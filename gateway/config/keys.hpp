#pragma once
// Every key the configuration loader accepts, as data: the loader refuses any key not listed here
// (Reader::keys), and `quota-gateway --list-config-keys` prints the same lists, so the
// configuration reference (docs/configuration.md) is checked against them by a test
// (tests/deploy/config_docs_test.py) instead of against a scrape of the C++.

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qg::config::keys {

using List = std::span<const std::string_view>;

inline constexpr std::array<std::string_view, 28> kRoot{
    "listen", "metrics_listen", "base_path", "trusted_proxies", "forwarded_header", "client_limits", "threads",
    "worker_threads", "exports", "request_deadline",
    "shutdown_grace", "shutdown_delay", "limits", "cache", "refresh", "exporter", "history", "retry",
    "circuit_breaker", "auth", "cors", "log", "reload", "redis", "accounts", "docs_dir", "page_token_secret",
    "page_token_secret_file"};
inline constexpr std::array<std::string_view, 5> kLimits{"read_timeout", "write_timeout", "max_header_bytes",
                                                         "max_body_bytes", "max_connections"};
inline constexpr std::array<std::string_view, 2> kCors{"allowed_origins", "max_age"};
inline constexpr std::array<std::string_view, 3> kAuth{"enabled", "api_keys", "api_keys_file"};
inline constexpr std::array<std::string_view, 1> kReload{"watch_interval"};
inline constexpr std::array<std::string_view, 3> kExports{"max_concurrent", "max_pinned_bytes", "deadline"};
inline constexpr std::array<std::string_view, 2> kLog{"level", "format"};
inline constexpr std::array<std::string_view, 6> kClientLimits{"enabled", "rate", "burst", "refresh",
                                                               "refresh_burst", "max_clients"};
inline constexpr std::array<std::string_view, 5> kCache{"ttl", "stale_while_revalidate", "stale_if_error",
                                                        "error_ttl", "max_entries"};
inline constexpr std::array<std::string_view, 6> kRefresh{"enabled", "budget_share", "idle_after",
                                                          "idle_interval", "max_backoff", "stale_after_ttls"};
inline constexpr std::array<std::string_view, 8> kHistory{"enabled", "path", "retention", "window",
                                                          "min_span", "heartbeat", "full_resolution", "bucket"};
inline constexpr std::array<std::string_view, 2> kExporter{"expired_grace", "pool_waste_ratio"};
inline constexpr std::array<std::string_view, 4> kRetry{"max_attempts", "base_delay", "max_delay",
                                                        "attempt_timeout"};
inline constexpr std::array<std::string_view, 2> kCircuitBreaker{"failure_threshold", "cool_down"};
inline constexpr std::array<std::string_view, 4> kRedis{"url", "timeout", "key_prefix", "local_share"};
inline constexpr std::array<std::string_view, 23> kAccount{
    "name", "provider", "endpoint", "allow_insecure_endpoint", "ca_file", "region", "language",
    "secret_id", "secret_id_file", "secret_key", "secret_key_file", "session_token", "session_token_file",
    "access_key_id", "access_key_id_file", "access_key_secret", "access_key_secret_file", "security_token",
    "security_token_file", "credentials", "rate_limit", "cache_ttl", "page_size"};
inline constexpr std::array<std::string_view, 11> kCredentials{
    "source", "role_name", "metadata_endpoint", "sts_endpoint", "role_arn", "oidc_provider_arn",
    "provider_id", "token_file", "region", "session_name", "duration"};

// Where each list applies: "" is the top level, "accounts[]" every element of the accounts list.
struct Section {
  std::string_view path;
  List keys;
};
inline constexpr std::array<Section, 17> kSections{{
    {"", kRoot},
    {"limits", kLimits},
    {"cors", kCors},
    {"auth", kAuth},
    {"reload", kReload},
    {"exports", kExports},
    {"log", kLog},
    {"client_limits", kClientLimits},
    {"cache", kCache},
    {"refresh", kRefresh},
    {"history", kHistory},
    {"exporter", kExporter},
    {"retry", kRetry},
    {"circuit_breaker", kCircuitBreaker},
    {"redis", kRedis},
    {"accounts[]", kAccount},
    {"accounts[].credentials", kCredentials},
}};

// Every leaf key as a path ("listen", "limits.read_timeout", "accounts[].credentials.duration"):
// a key that opens a section is replaced by the section's keys.
std::vector<std::string> leaf_paths();

}  // namespace qg::config::keys
