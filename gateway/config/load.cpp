#include "gateway/config/load.hpp"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "adapters/common/http_types.hpp"
#include "gateway/config/duration.hpp"

namespace qg::config {
namespace {

// Walks the YAML tree, collecting every problem instead of stopping at the first.
class Reader {
 public:
  Reader(std::string source, const LoadEnvironment& env) : source_(std::move(source)), env_(env) {}

  void error(const YAML::Node& node, const std::string& path, const std::string& what) {
    std::ostringstream out;
    out << source_;
    if (node.IsDefined() && !node.Mark().is_null()) out << ":" << node.Mark().line + 1;
    out << ": " << path << ": " << what;
    errors_.push_back(out.str());
  }
  const std::vector<std::string>& errors() const { return errors_; }

  void keys(const YAML::Node& map, const std::string& path, std::initializer_list<std::string_view> allowed) {
    if (!map.IsMap()) {
      error(map, path, "must be a mapping");
      return;
    }
    for (const auto& kv : map) {
      if (!kv.first.IsScalar()) {
        error(kv.first, path, "keys must be plain names, not lists or mappings");
        continue;
      }
      const auto key = kv.first.as<std::string>();
      bool known = false;
      for (auto a : allowed) known = known || key == a;
      if (!known) error(kv.first, join(path, key), "unknown key");
    }
  }

  static std::string join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }

  std::optional<std::string> scalar(const YAML::Node& node, const std::string& path) {
    if (!node.IsScalar()) {
      error(node, path, "must be a single value");
      return std::nullopt;
    }
    std::string missing;
    auto value = expand_env(node.Scalar(), getenv(), missing);
    if (!value) error(node, path, "environment variable " + missing + " is not set");
    return value;
  }

  void string(const YAML::Node& parent, std::string_view key, const std::string& path, std::string& out) {
    if (auto n = parent[std::string(key)]; n) {
      if (auto v = scalar(n, join(path, key))) out = *v;
    }
  }

  void duration(const YAML::Node& parent, std::string_view key, const std::string& path, Duration& out) {
    if (auto n = parent[std::string(key)]; n) {
      if (auto v = scalar(n, join(path, key))) {
        if (auto d = parse_duration(*v)) out = *d;
        else error(n, join(path, key), "'" + *v + "' is not a duration (e.g. 250ms, 60s, 5m, 1h)");
      }
    }
  }

  template <class Int>
  void integer(const YAML::Node& parent, std::string_view key, const std::string& path, Int& out, Int min, Int max) {
    if (auto n = parent[std::string(key)]; n) {
      if (auto v = scalar(n, join(path, key))) {
        Int value{};
        auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), value);
        if (ec != std::errc() || ptr != v->data() + v->size() || value < min || value > max) {
          error(n, join(path, key),
                "'" + *v + "' must be an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]");
        } else {
          out = value;
        }
      }
    }
  }

  void number(const YAML::Node& parent, std::string_view key, const std::string& path, double& out, double min,
              double max) {
    if (auto n = parent[std::string(key)]; n) {
      if (auto v = scalar(n, join(path, key))) {
        char* end = nullptr;
        const double value = std::strtod(v->c_str(), &end);
        if (v->empty() || end != v->c_str() + v->size() || !(value >= min && value <= max)) {
          error(n, join(path, key), "'" + *v + "' must be a number in [" + std::to_string(min) + ", " +
                                        std::to_string(max) + "]");
        } else {
          out = value;
        }
      }
    }
  }

  // A secret from `key` or from the file named by `key_file` (Docker/Kubernetes secrets).
  void secret(const YAML::Node& parent, std::string_view key, const std::string& path, adapters::Secret& out) {
    const std::string file_key = std::string(key) + "_file";
    const auto direct = parent[std::string(key)];
    const auto file = parent[file_key];
    if (direct && file) {
      error(file, join(path, file_key), "give either " + std::string(key) + " or " + file_key + ", not both");
      return;
    }
    if (direct) {
      if (auto v = scalar(direct, join(path, key))) out = adapters::Secret(*v);
    } else if (file) {
      if (auto name = scalar(file, join(path, file_key))) {
        auto content = read_file()(*name);
        if (!content) {
          error(file, join(path, file_key), "cannot read " + *name);
          return;
        }
        while (!content->empty() && (content->back() == '\n' || content->back() == '\r')) content->pop_back();
        out = adapters::Secret(*content);
      }
    }
  }

  std::function<std::optional<std::string>(const std::string&)> getenv() const {
    if (env_.getenv) return env_.getenv;
    return [](const std::string& name) -> std::optional<std::string> {
      const char* v = std::getenv(name.c_str());
      return v ? std::optional<std::string>(v) : std::nullopt;
    };
  }

  std::function<std::optional<std::string>(const std::string&)> read_file() const {
    if (env_.read_file) return env_.read_file;
    return [](const std::string& path) -> std::optional<std::string> {
      std::ifstream in(path, std::ios::binary);
      if (!in) return std::nullopt;
      std::ostringstream s;
      s << in.rdbuf();
      return s.str();
    };
  }

 private:
  std::string source_;
  const LoadEnvironment& env_;
  std::vector<std::string> errors_;
};

AccountConfig read_account(Reader& r, const YAML::Node& n, const std::string& path) {
  AccountConfig a;
  r.keys(n, path,
         {"name", "provider", "endpoint", "ca_file", "region", "language", "secret_id", "secret_id_file",
          "secret_key", "secret_key_file", "session_token", "session_token_file", "access_key_id",
          "access_key_id_file", "access_key_secret", "access_key_secret_file", "security_token",
          "security_token_file", "rate_limit", "cache_ttl", "page_size"});
  if (!n.IsMap()) return a;
  r.string(n, "name", path, a.name);
  r.string(n, "provider", path, a.provider);
  r.string(n, "endpoint", path, a.endpoint);
  r.string(n, "ca_file", path, a.ca_file);
  r.string(n, "region", path, a.region);
  r.string(n, "language", path, a.language);
  r.secret(n, "secret_id", path, a.secret_id);
  r.secret(n, "secret_key", path, a.secret_key);
  r.secret(n, "session_token", path, a.session_token);
  r.secret(n, "access_key_id", path, a.access_key_id);
  r.secret(n, "access_key_secret", path, a.access_key_secret);
  r.secret(n, "security_token", path, a.security_token);
  if (auto rl = n["rate_limit"]) {
    if (auto v = r.scalar(rl, path + ".rate_limit")) {
      if (auto parsed = ratelimit::parse_rate_limit(*v)) a.rate_limit = *parsed;
      else r.error(rl, path + ".rate_limit", "'" + *v + "' is not a rate (e.g. 20/s, 600/m)");
    }
  }
  if (n["cache_ttl"]) {
    Duration ttl{};
    r.duration(n, "cache_ttl", path, ttl);
    a.cache_ttl = ttl;
  }
  r.integer<std::int64_t>(n, "page_size", path, a.page_size, 1, 1000);
  return a;
}

GatewayConfig read_root(Reader& r, const YAML::Node& root) {
  GatewayConfig c;
  if (!root || root.IsNull()) return c;
  r.keys(root, "",
         {"listen", "threads", "request_deadline", "shutdown_grace", "limits", "cache", "retry", "circuit_breaker",
          "auth", "cors", "log", "redis", "accounts", "docs_dir", "shutdown_delay"});
  if (!root.IsMap()) return c;
  if (auto n = root["listen"]) {
    if (auto v = r.scalar(n, "listen")) {
      if (auto l = parse_listen(*v)) c.listen = *l;
      else r.error(n, "listen", "'" + *v + "' is not HOST:PORT");
    }
  }
  r.integer(root, "threads", "", c.threads, 0, 256);
  r.duration(root, "request_deadline", "", c.request_deadline);
  r.duration(root, "shutdown_grace", "", c.shutdown_grace);
  r.duration(root, "shutdown_delay", "", c.shutdown_delay);
  r.string(root, "docs_dir", "", c.docs_dir);
  if (auto n = root["limits"]) {
    r.keys(n, "limits", {"read_timeout", "write_timeout", "max_header_bytes", "max_body_bytes", "max_connections"});
    r.duration(n, "read_timeout", "limits", c.limits.read_timeout);
    r.duration(n, "write_timeout", "limits", c.limits.write_timeout);
    r.integer<std::size_t>(n, "max_header_bytes", "limits", c.limits.max_header_bytes, 1024, 1 << 20);
    r.integer<std::size_t>(n, "max_body_bytes", "limits", c.limits.max_body_bytes, 0, 64 << 20);
    r.integer<std::size_t>(n, "max_connections", "limits", c.limits.max_connections, 1, 1'000'000);
  }
  if (auto n = root["cache"]) {
    r.keys(n, "cache", {"ttl", "stale_while_revalidate", "stale_if_error", "max_entries"});
    r.duration(n, "ttl", "cache", c.cache.ttl);
    r.duration(n, "stale_while_revalidate", "cache", c.cache.stale_while_revalidate);
    r.duration(n, "stale_if_error", "cache", c.cache.stale_if_error);
    r.integer<std::size_t>(n, "max_entries", "cache", c.cache.max_entries, 1, 1'000'000);
  }
  if (auto n = root["retry"]) {
    r.keys(n, "retry", {"max_attempts", "base_delay", "max_delay", "attempt_timeout"});
    r.integer(n, "max_attempts", "retry", c.retry.max_attempts, 1, 10);
    r.duration(n, "base_delay", "retry", c.retry.base_delay);
    r.duration(n, "max_delay", "retry", c.retry.max_delay);
    r.duration(n, "attempt_timeout", "retry", c.retry.attempt_timeout);
  }
  if (auto n = root["circuit_breaker"]) {
    r.keys(n, "circuit_breaker", {"failure_threshold", "cool_down"});
    r.integer(n, "failure_threshold", "circuit_breaker", c.circuit_breaker.failure_threshold, 0, 1000);
    r.duration(n, "cool_down", "circuit_breaker", c.circuit_breaker.cool_down);
  }
  if (auto n = root["auth"]) {
    r.keys(n, "auth", {"api_keys", "api_keys_file"});
    if (auto keys = n["api_keys"]) {
      if (!keys.IsSequence()) r.error(keys, "auth.api_keys", "must be a list");
      for (std::size_t i = 0; keys.IsSequence() && i < keys.size(); ++i) {
        if (auto v = r.scalar(keys[i], "auth.api_keys[" + std::to_string(i) + "]")) {
          if (v->empty()) r.error(keys[i], "auth.api_keys[" + std::to_string(i) + "]", "is empty");
          else c.auth.api_keys.emplace_back(*v);
        }
      }
    }
    if (auto file = n["api_keys_file"]) {
      if (auto name = r.scalar(file, "auth.api_keys_file")) {
        auto content = r.read_file()(*name);
        if (!content) r.error(file, "auth.api_keys_file", "cannot read " + *name);
        std::istringstream lines(content.value_or(""));
        for (std::string line; std::getline(lines, line);) {
          while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
          if (!line.empty() && line.front() != '#') c.auth.api_keys.emplace_back(line);
        }
      }
    }
  }
  if (auto n = root["cors"]) {
    r.keys(n, "cors", {"allowed_origins", "max_age"});
    if (auto origins = n["allowed_origins"]) {
      if (!origins.IsSequence()) r.error(origins, "cors.allowed_origins", "must be a list");
      for (std::size_t i = 0; origins.IsSequence() && i < origins.size(); ++i) {
        if (auto v = r.scalar(origins[i], "cors.allowed_origins[" + std::to_string(i) + "]")) {
          c.cors.allowed_origins.push_back(*v);
        }
      }
    }
    r.duration(n, "max_age", "cors", c.cors.max_age);
  }
  if (auto n = root["log"]) {
    r.keys(n, "log", {"level", "format"});
    r.string(n, "level", "log", c.log.level);
    r.string(n, "format", "log", c.log.format);
    static const std::set<std::string> levels{"trace", "debug", "info", "warn", "error", "critical", "off"};
    if (!levels.count(c.log.level)) r.error(n["level"], "log.level", "must be one of trace, debug, info, warn, error, critical, off");
    if (c.log.format != "text" && c.log.format != "json" && c.log.format != "auto") {
      r.error(n["format"], "log.format", "must be text, json or auto");
    }
  }
  if (auto n = root["redis"]) {
    r.keys(n, "redis", {"url", "timeout", "key_prefix", "local_share"});
    RedisConfig redis;
    r.string(n, "url", "redis", redis.url);
    r.duration(n, "timeout", "redis", redis.timeout);
    r.string(n, "key_prefix", "redis", redis.key_prefix);
    r.number(n, "local_share", "redis", redis.local_share, 0.01, 1.0);
    if (redis.url.empty()) r.error(n, "redis.url", "is required when redis is configured");
    c.redis = redis;
  }
  if (auto n = root["accounts"]) {
    if (!n.IsSequence()) r.error(n, "accounts", "must be a list");
    for (std::size_t i = 0; n.IsSequence() && i < n.size(); ++i) {
      c.accounts.push_back(read_account(r, n[i], "accounts[" + std::to_string(i) + "]"));
    }
  }
  return c;
}

bool valid_account_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (!(std::isalnum(c) || c == '-' || c == '_' || c == '.')) return false;
  }
  return true;
}

std::vector<std::string> semantic_errors(const GatewayConfig& c) {
  std::vector<std::string> errors;
  std::set<std::string> names;
  for (std::size_t i = 0; i < c.accounts.size(); ++i) {
    const auto& a = c.accounts[i];
    const std::string path = "accounts[" + std::to_string(i) + "]";
    auto fail = [&](const std::string& what) { errors.push_back(path + ": " + what); };
    if (!valid_account_name(a.name)) fail("name must be 1-64 characters of letters, digits, '-', '_' or '.'");
    if (!names.insert(a.name).second) fail("name '" + a.name + "' is used twice");
    if (a.provider == kTencentLive) {
      if (a.secret_id.empty() || a.secret_key.empty()) fail("tencent-live needs secret_id and secret_key");
      if (a.page_size != 0 && (a.page_size < 10 || a.page_size > 100)) fail("page_size must be in [10, 100] for tencent-live");
    } else if (a.provider == kAlibabaIce || a.provider == kAlibabaAicontent) {
      if (a.access_key_id.empty() || a.access_key_secret.empty()) {
        fail(a.provider + " needs access_key_id and access_key_secret");
      }
      if (a.provider == kAlibabaIce && a.endpoint.empty() && a.region.empty()) {
        fail("alibaba-ice needs region (or endpoint)");
      }
    } else {
      fail("provider must be one of tencent-live, alibaba-ice, alibaba-aicontent (got '" + a.provider + "')");
    }
    if (!a.endpoint.empty()) {
      auto ep = adapters::parse_endpoint(a.endpoint);
      if (!ep) fail("endpoint '" + a.endpoint + "' " + ep.error());
    }
    if (a.rate_limit && a.rate_limit->requests <= 0) fail("rate_limit must be positive");
  }
  if (c.retry.base_delay > c.retry.max_delay) errors.push_back("retry: base_delay must not exceed max_delay");
  if (c.request_deadline.count() <= 0) errors.push_back("request_deadline must be positive");
  return errors;
}

[[noreturn]] void fail_with(const std::vector<std::string>& errors) {
  std::string message = "invalid configuration:";
  for (const auto& e : errors) message.append("\n  ").append(e);
  throw ConfigError(message);
}

}  // namespace

bool ListenAddress::is_loopback() const {
  return host == "127.0.0.1" || host == "::1" || host == "localhost" || host.starts_with("127.");
}

std::string ListenAddress::to_string() const {
  return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
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

ratelimit::RateLimit default_rate_limit(std::string_view provider) {
  if (provider == kTencentLive) return ratelimit::RateLimit{20, std::chrono::seconds(1)};
  return ratelimit::RateLimit{10, std::chrono::seconds(1)};
}

void validate(const GatewayConfig& config) {
  auto errors = semantic_errors(config);
  if (!errors.empty()) fail_with(errors);
}

GatewayConfig load_config_string(std::string_view yaml, std::string_view source_name, const LoadEnvironment& env) {
  Reader reader(std::string(source_name), env);
  GatewayConfig config;
  // yaml-cpp throws for syntax errors, and for a node of a shape no check in read_root anticipated.
  try {
    config = read_root(reader, YAML::Load(std::string(yaml)));
  } catch (const YAML::Exception& e) {
    throw ConfigError(std::string(source_name) + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (!reader.errors().empty()) fail_with(reader.errors());
  validate(config);
  return config;
}

GatewayConfig load_config_file(const std::string& path, const LoadEnvironment& env) {
  Reader reader(path, env);
  auto content = reader.read_file()(path);
  if (!content) throw ConfigError("cannot read configuration file " + path);
  return load_config_string(*content, path, env);
}

}  // namespace qg::config
