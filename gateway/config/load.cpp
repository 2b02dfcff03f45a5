#include "gateway/config/load.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <set>
#include <sstream>

#include "adapters/common/http_types.hpp"
#include "gateway/config/files.hpp"
#include "gateway/config/keys.hpp"
#include "gateway/config/reader.hpp"
#include "gateway/config/validate.hpp"

namespace qg::config {
namespace {

// The accepted range of every duration key (docs/configuration.md). Upper bounds are far past
// any sensible value and far below where a deadline computed from them could overflow.
constexpr DurationBounds kRequestDeadline{10ms, 10min};
constexpr DurationBounds kShutdownGrace{0ms, 1h};
constexpr DurationBounds kShutdownDelay{0ms, 10min};
constexpr DurationBounds kIoTimeout{100ms, 1h};
constexpr DurationBounds kCacheTtl{1s, 7 * 24h};
constexpr DurationBounds kStaleWindow{0ms, 30 * 24h};
constexpr DurationBounds kRetryDelay{0ms, 10min};
constexpr DurationBounds kAttemptTimeout{10ms, 10min};
constexpr DurationBounds kCoolDown{0ms, 24h};
constexpr DurationBounds kCorsMaxAge{0ms, 24h};
constexpr DurationBounds kRedisTimeout{1ms, 1min};
constexpr DurationBounds kErrorTtl{0ms, 1h};
constexpr DurationBounds kIdle{1min, 30 * 24h};
constexpr DurationBounds kBackoff{1s, 24h};
constexpr DurationBounds kGrace{0ms, 3650 * 24h};
constexpr DurationBounds kRetention{24h, 3650 * 24h};
constexpr DurationBounds kWindow{1h, 90 * 24h};
constexpr DurationBounds kMinSpan{1s, 30 * 24h};
constexpr DurationBounds kHeartbeat{1min, 24h};
constexpr DurationBounds kFullResolution{1h, 90 * 24h};
constexpr DurationBounds kWatch{0ms, 1h};
constexpr DurationBounds kExportDeadline{1s, 24h};

// History keeps seconds; a duration key read into one.
void seconds(Reader& r, const YAML::Node& n, std::string_view key, std::int64_t& out, DurationBounds bounds) {
  if (auto d = r.read_duration(n, key, "history", bounds)) out = std::chrono::duration_cast<std::chrono::seconds>(*d).count();
}

void read_history(Reader& r, const YAML::Node& n, HistoryConfig& h) {
  if (!r.keys(n, "history", keys::kHistory)) {
    return;
  }
  r.boolean(n, "enabled", "history", h.enabled);
  r.string(n, "path", "history", h.path);
  if (h.enabled && h.path.empty()) r.error(n["path"], "history.path", "must name a file");
  seconds(r, n, "retention", h.policy.retention.retention_seconds, kRetention);
  seconds(r, n, "window", h.policy.forecast.window_seconds, kWindow);
  seconds(r, n, "min_span", h.policy.forecast.min_span_seconds, kMinSpan);
  seconds(r, n, "heartbeat", h.policy.retention.heartbeat_seconds, kHeartbeat);
  seconds(r, n, "full_resolution", h.policy.retention.full_resolution_seconds, kFullResolution);
  seconds(r, n, "bucket", h.policy.retention.bucket_seconds, kHeartbeat);
}

LoadEnvironment with_defaults(const LoadEnvironment& env) {
  LoadEnvironment out = env;
  if (!out.getenv) {
    out.getenv = [](const std::string& name) -> std::optional<std::string> {
      const char* v = std::getenv(name.c_str());
      return v ? std::optional<std::string>(v) : std::nullopt;
    };
  }
  if (!out.read_file) out.read_file = read_regular_file;
  return out;
}

constexpr DurationBounds kSessionDuration{900s, 12h};

CredentialsConfig read_credentials(Reader& r, const YAML::Node& n, const std::string& path) {
  CredentialsConfig c;
  if (!r.keys(n, path, keys::kCredentials)) {
    return c;
  }
  for (auto [key, out] : {std::pair<const char*, std::string*>{"source", &c.source}, {"role_name", &c.role_name},
                          {"metadata_endpoint", &c.metadata_endpoint}, {"sts_endpoint", &c.sts_endpoint},
                          {"role_arn", &c.role_arn}, {"oidc_provider_arn", &c.oidc_provider_arn},
                          {"provider_id", &c.provider_id}, {"token_file", &c.token_file}, {"region", &c.region},
                          {"session_name", &c.session_name}}) {
    r.string(n, key, path, *out);
  }
  c.duration = r.read_duration(n, "duration", path, kSessionDuration);
  return c;
}

AccountConfig read_account(Reader& r, const YAML::Node& n, const std::string& path) {
  AccountConfig a;
  if (!r.keys(n, path, keys::kAccount)) {
    return a;
  }
  r.string(n, "name", path, a.name);
  r.string(n, "provider", path, a.provider);
  r.string(n, "endpoint", path, a.endpoint);
  r.boolean(n, "allow_insecure_endpoint", path, a.allow_insecure_endpoint);
  r.string(n, "ca_file", path, a.ca_file);
  // Checked now, not at the first fetch: an unreadable CA file is a start-up error.
  if (!a.ca_file.empty()) r.file(n["ca_file"], path + ".ca_file", a.ca_file, kMaxConfigFileBytes);
  r.string(n, "region", path, a.region);
  r.string(n, "language", path, a.language);
  r.secret(n, "secret_id", path, a.secret_id);
  r.secret(n, "secret_key", path, a.secret_key);
  r.secret(n, "session_token", path, a.session_token);
  r.secret(n, "access_key_id", path, a.access_key_id);
  r.secret(n, "access_key_secret", path, a.access_key_secret);
  r.secret(n, "security_token", path, a.security_token);
  if (auto c = n["credentials"]) a.credentials = read_credentials(r, c, path + ".credentials");
  if (auto rl = n["rate_limit"]) {
    if (auto v = r.scalar(rl, path + ".rate_limit")) {
      if (auto parsed = ratelimit::parse_rate_limit(*v)) a.rate_limit = *parsed;
      else r.error(rl, path + ".rate_limit", "is not a rate (e.g. 20/s, 600/m)");
    }
  }
  a.cache_ttl = r.read_duration(n, "cache_ttl", path, kCacheTtl);
  r.integer<std::int64_t>(n, "page_size", path, a.page_size, 1, 1000);
  return a;
}

// The api_keys_file's content; an error, or on reload the reason it yields no key.
std::optional<std::string> read_key_file(Reader& r, const YAML::Node& file, const std::string& name,
                                         AuthConfig& auth) {
  if (!r.env().reloading) return r.file(file, "auth.api_keys_file", name, kMaxSecretFileBytes);
  auto content = r.env().read_file(name, kMaxSecretFileBytes);
  if (content) return *content;
  auth.no_key_reason = "auth.api_keys_file '" + name + "' " + content.error();
  return std::nullopt;
}

// Keys from the list and the file together; a section that yields none refuses to start rather
// than run without authentication (and on reload revokes every key: LoadEnvironment::reloading).
// Only `enabled: false` switches authentication off.
void read_auth(Reader& r, const YAML::Node& n, AuthConfig& auth) {
  if (!r.keys(n, "auth", keys::kAuth)) return;
  bool enabled = true;
  r.boolean(n, "enabled", "auth", enabled);
  if (!enabled) {
    auth.switched_off = true;
    return;
  }
  auth.enabled = true;
  const auto listed = r.string_list(n, "api_keys", "auth");
  for (std::size_t i = 0; i < listed.size(); ++i) {
    if (listed[i].empty()) r.error(n["api_keys"][i], "auth.api_keys[" + std::to_string(i) + "]", "is empty");
    else auth.api_keys.emplace_back(listed[i]);
  }
  bool file_failed = false;
  if (auto file = n["api_keys_file"]) {
    if (auto name = r.scalar(file, "auth.api_keys_file")) {
      auto content = read_key_file(r, file, *name, auth);
      file_failed = !content && !r.env().reloading;
      std::istringstream lines(content.value_or(""));
      for (std::string line; std::getline(lines, line);) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
        const auto start = line.find_first_not_of(" \t");
        if (start == std::string::npos || line[start] == '#') continue;
        auth.api_keys.emplace_back(line.substr(start));
      }
    }
  }
  if (auth.api_keys.empty() && r.env().reloading) {
    if (auth.no_key_reason.empty()) {
      auth.no_key_reason = "auth yields no API key (api_keys is empty and api_keys_file has none)";
    }
  } else if (auth.api_keys.empty() && !file_failed) {
    r.error(n, "auth", "yields no API key (api_keys is empty and api_keys_file has none): with an auth section "
                       "the gateway never runs without authentication; remove the section or write "
                       "auth: { enabled: false } to run without keys");
  }
}

void read_proxying(Reader& r, const YAML::Node& root, GatewayConfig& c) {
  if (auto n = root["base_path"]) {
    if (auto v = r.scalar(n, "base_path")) {
      if (auto p = http::valid_prefix(*v)) c.base_path = *p;
      else r.error(n, "base_path", "is not a path like /quota-gateway (segments of URL path characters)");
    }
  }
  const auto proxies = r.string_list(root, "trusted_proxies", "");
  for (std::size_t i = 0; i < proxies.size(); ++i) {
    if (auto cidr = http::parse_cidr(proxies[i])) c.trusted_proxies.ranges.push_back(*cidr);
    else r.error(root["trusted_proxies"][i], "trusted_proxies[" + std::to_string(i) + "]",
                 "is not an address or CIDR (10.0.0.0/8, fd00::/8, 192.0.2.7)");
  }
  if (auto n = root["forwarded_header"]) {
    if (auto v = r.scalar(n, "forwarded_header")) {
      if (auto h = http::parse_client_header(*v)) c.trusted_proxies.header = *h;
      else r.error(n, "forwarded_header", "must be x-forwarded-for or forwarded");
    }
  }
}

void rate(Reader& r, const YAML::Node& n, std::string_view key, const std::string& path, ratelimit::RateLimit& out) {
  if (auto node = n[std::string(key)]) {
    if (auto v = r.scalar(node, Reader::join(path, key))) {
      auto parsed = ratelimit::parse_rate_limit(*v);
      if (parsed && parsed->requests > 0) out = *parsed;
      else r.error(node, Reader::join(path, key), "is not a rate (e.g. 10/s, 6/m)");
    }
  }
}

void read_client_limits(Reader& r, const YAML::Node& n, client_limits::ClientLimitPolicy& p) {
  if (!r.keys(n, "client_limits", keys::kClientLimits)) return;
  r.boolean(n, "enabled", "client_limits", p.enabled);
  // Naming the request budget opts in to it; the refresh keys alone tune only the refresh budget.
  p.requests = n["rate"] || n["burst"];
  rate(r, n, "rate", "client_limits", p.rate);
  r.integer(n, "burst", "client_limits", p.burst, 1, 1'000'000);
  rate(r, n, "refresh", "client_limits", p.refresh);
  // Without its own burst the refresh budget allows one window's worth at once (6/m: six).
  p.refresh_burst = std::max(1, static_cast<int>(p.refresh.requests));
  r.integer(n, "refresh_burst", "client_limits", p.refresh_burst, 1, 1'000'000);
  r.integer<std::size_t>(n, "max_clients", "client_limits", p.max_clients, 100, 10'000'000);
}

void read_server(Reader& r, const YAML::Node& root, GatewayConfig& c) {
  if (auto n = root["listen"]) {
    if (auto v = r.scalar(n, "listen")) {
      if (auto l = parse_listen(*v)) c.listen = *l;
      else r.error(n, "listen", "is not HOST:PORT");
    }
  }
  if (auto n = root["metrics_listen"]) {
    if (auto v = r.scalar(n, "metrics_listen")) {
      if (auto l = parse_listen(*v)) c.metrics_listen = *l;
      else r.error(n, "metrics_listen", "is not HOST:PORT");
    }
  }
  read_proxying(r, root, c);
  if (auto n = root["client_limits"]) read_client_limits(r, n, c.client_limits);
  r.integer(root, "threads", "", c.threads, 0, 256);
  r.integer(root, "worker_threads", "", c.worker_threads, 0, 64);
  r.duration(root, "request_deadline", "", c.request_deadline, kRequestDeadline);
  r.duration(root, "shutdown_grace", "", c.shutdown_grace, kShutdownGrace);
  r.duration(root, "shutdown_delay", "", c.shutdown_delay, kShutdownDelay);
  r.string(root, "docs_dir", "", c.docs_dir);
  r.secret(root, "page_token_secret", "", c.page_token_secret);
  if (auto n = root["limits"]) {
    if (r.keys(n, "limits", keys::kLimits)) {
      r.duration(n, "read_timeout", "limits", c.limits.read_timeout, kIoTimeout);
      r.duration(n, "write_timeout", "limits", c.limits.write_timeout, kIoTimeout);
      r.integer<std::size_t>(n, "max_header_bytes", "limits", c.limits.max_header_bytes, 1024, 1 << 20);
      r.integer<std::size_t>(n, "max_body_bytes", "limits", c.limits.max_body_bytes, 0, 64 << 20);
      r.integer<std::size_t>(n, "max_connections", "limits", c.limits.max_connections, 1, 1'000'000);
    }
  }
  if (auto n = root["cors"]) {
    if (r.keys(n, "cors", keys::kCors)) {
      c.cors.allowed_origins = r.string_list(n, "allowed_origins", "cors");
      r.duration(n, "max_age", "cors", c.cors.max_age, kCorsMaxAge);
    }
  }
  if (auto n = root["auth"]) read_auth(r, n, c.auth);
  if (auto n = root["reload"]) {
    if (r.keys(n, "reload", keys::kReload)) r.duration(n, "watch_interval", "reload", c.reload.watch_interval, kWatch);
  }
  if (auto n = root["log"]) {
    if (r.keys(n, "log", keys::kLog)) {
      r.string(n, "level", "log", c.log.level);
      r.string(n, "format", "log", c.log.format);
      static const std::set<std::string> levels{"trace", "debug", "info", "warn", "error", "critical", "off"};
      if (!levels.count(c.log.level)) {
        r.error(n["level"], "log.level", "must be one of trace, debug, info, warn, error, critical, off");
      }
      if (c.log.format != "text" && c.log.format != "json" && c.log.format != "auto") {
        r.error(n["format"], "log.format", "must be text, json or auto");
      }
    }
  }
}

void read_upstream(Reader& r, const YAML::Node& root, GatewayConfig& c) {
  if (auto n = root["cache"]) {
    if (r.keys(n, "cache", keys::kCache)) {
      r.duration(n, "ttl", "cache", c.cache.ttl, kCacheTtl);
      r.duration(n, "stale_while_revalidate", "cache", c.cache.stale_while_revalidate, kStaleWindow);
      r.duration(n, "stale_if_error", "cache", c.cache.stale_if_error, kStaleWindow);
      r.duration(n, "error_ttl", "cache", c.cache.error_ttl, kErrorTtl);
      r.integer<std::size_t>(n, "max_entries", "cache", c.cache.max_entries, 1, 1'000'000);
    }
  }
  if (auto n = root["refresh"]) {
    if (r.keys(n, "refresh", keys::kRefresh)) {
      r.boolean(n, "enabled", "refresh", c.refresh.enabled);
      r.number(n, "budget_share", "refresh", c.refresh.budget_share, 0.01, 1.0);
      r.duration(n, "idle_after", "refresh", c.refresh.idle_after, kIdle);
      r.duration(n, "idle_interval", "refresh", c.refresh.idle_interval, kIdle);
      r.duration(n, "max_backoff", "refresh", c.refresh.max_backoff, kBackoff);
      r.number(n, "stale_after_ttls", "refresh", c.refresh.stale_after_ttls, 1.0, 1000.0);
    }
  }
  if (auto n = root["history"]) read_history(r, n, c.history);
  if (auto n = root["exports"]) {
    if (r.keys(n, "exports", keys::kExports)) {
      r.integer<std::size_t>(n, "max_concurrent", "exports", c.exports.max_concurrent, 1, 10'000);
      r.integer<std::size_t>(n, "max_pinned_bytes", "exports", c.exports.max_pinned_bytes, 1 << 20, std::size_t{1} << 40);
      r.duration(n, "deadline", "exports", c.exports.deadline, kExportDeadline);
    }
  }
  if (auto n = root["exporter"]) {
    if (r.keys(n, "exporter", keys::kExporter)) {
      r.duration(n, "expired_grace", "exporter", c.exporter.expired_grace, kGrace);
      r.number(n, "pool_waste_ratio", "exporter", c.exporter.pool_waste_ratio, 0.0, 1.0);
    }
  }
  if (auto n = root["retry"]) {
    if (r.keys(n, "retry", keys::kRetry)) {
      r.integer(n, "max_attempts", "retry", c.retry.max_attempts, 1, 10);
      r.duration(n, "base_delay", "retry", c.retry.base_delay, kRetryDelay);
      r.duration(n, "max_delay", "retry", c.retry.max_delay, kRetryDelay);
      r.duration(n, "attempt_timeout", "retry", c.retry.attempt_timeout, kAttemptTimeout);
    }
  }
  if (auto n = root["circuit_breaker"]) {
    if (r.keys(n, "circuit_breaker", keys::kCircuitBreaker)) {
      r.integer(n, "failure_threshold", "circuit_breaker", c.circuit_breaker.failure_threshold, 0, 1000);
      r.duration(n, "cool_down", "circuit_breaker", c.circuit_breaker.cool_down, kCoolDown);
    }
  }
  if (auto n = root["redis"]) {
    if (r.keys(n, "redis", keys::kRedis)) {
      RedisConfig redis;
      std::string url;
      r.string(n, "url", "redis", url);
      if (url.empty()) {
        r.error(n, "redis.url", "is required when redis is configured");
      } else if (auto parsed = redis::parse_redis_url(url)) {
        redis.url = *parsed;
      } else {
        r.error(n["url"], "redis.url", "'" + adapters::redact_url(url) + "' " + parsed.error());
      }
      r.duration(n, "timeout", "redis", redis.timeout, kRedisTimeout);
      r.string(n, "key_prefix", "redis", redis.key_prefix);
      r.number(n, "local_share", "redis", redis.local_share, 0.01, 1.0);
      c.redis = redis;
    }
  }
  if (auto n = root["accounts"]) {
    if (!n.IsSequence()) r.error(n, "accounts", "must be a list");
    for (std::size_t i = 0; n.IsSequence() && i < n.size(); ++i) {
      c.accounts.push_back(read_account(r, n[i], "accounts[" + std::to_string(i) + "]"));
    }
  }
}

GatewayConfig read_root(Reader& r, const YAML::Node& root) {
  GatewayConfig c;
  if (!root || root.IsNull()) return c;
  if (!r.keys(root, "", keys::kRoot)) {
    return c;
  }
  read_server(r, root, c);
  read_upstream(r, root, c);
  return c;
}

[[noreturn]] void fail_with(const std::vector<std::string>& errors,
                            std::optional<AuthConfig> auth = std::nullopt) {
  std::string message = "invalid configuration:";
  for (const auto& e : errors) message.append("\n  ").append(e);
  ConfigError error(message);
  error.auth = std::move(auth);
  throw error;
}

// The auth: section alone, read again, when it has no error of its own.
std::optional<AuthConfig> auth_alone(const YAML::Node& root, std::string_view source_name,
                                     const LoadEnvironment& env) {
  Reader reader(std::string(source_name), env);
  AuthConfig auth;
  if (root.IsMap()) {
    if (auto n = root["auth"]) read_auth(reader, n, auth);
  }
  return reader.errors().empty() ? std::optional<AuthConfig>(std::move(auth)) : std::nullopt;
}

}  // namespace

bool ListenAddress::is_loopback() const { return adapters::is_loopback_host(host); }

std::string ListenAddress::to_string() const {
  return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

ratelimit::RateLimit AccountConfig::effective_rate_limit() const {
  if (rate_limit) return *rate_limit;
  const auto* p = info();
  return ratelimit::RateLimit{p ? p->default_rate_per_second : 10, std::chrono::seconds(1)};
}

std::optional<ListenAddress> parse_listen(std::string_view text) {
  ListenAddress out;
  std::string_view port_text;
  if (text.starts_with("[")) {
    const auto close = text.find("]:");
    if (close == std::string_view::npos) return std::nullopt;
    out.host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    out.host = std::string(text.substr(0, colon));
    if (out.host.find(':') != std::string::npos) return std::nullopt;  // IPv6 needs brackets
    port_text = text.substr(colon + 1);
  }
  if (out.host.empty()) out.host = "0.0.0.0";
  unsigned port = 0;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port > 65535 || port_text.empty()) {
    return std::nullopt;
  }
  out.port = static_cast<std::uint16_t>(port);
  return out;
}

std::optional<std::string> expand_env(std::string_view value,
                                      const std::function<std::optional<std::string>(const std::string&)>& getenv,
                                      std::string& missing) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '$') {
      out.push_back(value[i]);
      continue;
    }
    if (i + 1 < value.size() && value[i + 1] == '$') {
      out.push_back('$');
      ++i;
      continue;
    }
    if (i + 1 >= value.size() || value[i + 1] != '{') {
      out.push_back('$');
      continue;
    }
    const auto close = value.find('}', i + 2);
    if (close == std::string_view::npos) {
      missing = std::string(value.substr(i)) + " (unterminated)";
      return std::nullopt;
    }
    std::string_view inner = value.substr(i + 2, close - i - 2);
    std::optional<std::string> fallback;
    if (auto sep = inner.find(":-"); sep != std::string_view::npos) {
      fallback = std::string(inner.substr(sep + 2));
      inner = inner.substr(0, sep);
    }
    auto v = getenv(std::string(inner));
    if (!v || (v->empty() && fallback)) v = fallback;
    if (!v) {
      missing = std::string(inner);
      return std::nullopt;
    }
    out.append(*v);
    i = close;
  }
  return out;
}

void validate(const GatewayConfig& config) {
  std::vector<std::string> errors;
  check_semantics(config, [&](const std::string& path, const std::string& what) {
    errors.push_back(path + ": " + what);
  });
  if (!errors.empty()) fail_with(errors);
}

GatewayConfig load_config_string(std::string_view yaml, std::string_view source_name, const LoadEnvironment& env) {
  const LoadEnvironment effective = with_defaults(env);
  Reader reader(std::string(source_name), effective);
  GatewayConfig config;
  YAML::Node root;
  // yaml-cpp throws for syntax errors, and for a node of a shape no check in read_root anticipated.
  try {
    root = YAML::Load(std::string(yaml));
    config = read_root(reader, root);
  } catch (const YAML::Exception& e) {
    throw ConfigError(std::string(source_name) + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (reader.errors().empty()) {
    check_semantics(config, [&](const std::string& path, const std::string& what) { reader.error_at(path, what); });
  }
  if (!reader.errors().empty()) {
    std::optional<AuthConfig> auth;
    if (effective.reloading) {
      try {
        auth = auth_alone(root, source_name, effective);
      } catch (const YAML::Exception&) {
        auth = std::nullopt;  // a section of a shape nothing anticipated: nothing to revoke by
      }
    }
    fail_with(reader.errors(), std::move(auth));
  }
  return config;
}

GatewayConfig load_config_file(const std::string& path, const LoadEnvironment& env) {
  const LoadEnvironment effective = with_defaults(env);
  auto content = effective.read_file(path, kMaxConfigFileBytes);
  if (!content) throw ConfigError("configuration file " + path + " " + content.error());
  return load_config_string(*content, path, effective);
}

}  // namespace qg::config
