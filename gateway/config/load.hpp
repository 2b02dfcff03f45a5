#pragma once
// YAML → GatewayConfig, once at startup (and at each reload): ${ENV} expansion in values, *_file
// keys for secrets from files, unknown keys rejected, every problem reported with its key path
// and line. A configuration that loads is one the gateway can honour; anything it could not
// honour (no usable API key in an auth: section, an unreadable CA file) is refused here.

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <boost/system/result.hpp>

#include "gateway/config/config.hpp"

namespace qg::config {

// Startup misconfiguration: the one place the gateway uses an exception for an expected failure.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  // Reloading (LoadEnvironment::reloading): the auth: section as read, when the file parsed and
  // that section had no error of its own, so a refused reload can still revoke the keys it no
  // longer lists. nullopt otherwise.
  std::optional<AuthConfig> auth;
};

using FileReader = std::function<boost::system::result<std::string, std::string>(const std::string& path,
                                                                                 std::size_t max_bytes)>;

struct LoadEnvironment {
  // Defaults: std::getenv and read_regular_file (files.hpp). Injected by tests.
  std::function<std::optional<std::string>(const std::string&)> getenv;
  FileReader read_file;
  // Reloading a running gateway: an auth: section that yields no usable key (an empty list, an
  // emptied, deleted or unreadable api_keys_file) loads as "every key revoked" (enabled, no key,
  // no_key_reason says why) instead of being refused, so that revoking by emptying the key file
  // takes effect instead of keeping the old keys. At start-up (false) it is refused.
  bool reloading = false;
};

GatewayConfig load_config_file(const std::string& path, const LoadEnvironment& env = {});
GatewayConfig load_config_string(std::string_view yaml, std::string_view source_name, const LoadEnvironment& env = {});

// "${NAME}" and "${NAME:-default}" substituted; "$$" is a literal '$'. Unset without a default:
// nullopt and `missing` names the variable.
std::optional<std::string> expand_env(std::string_view value,
                                      const std::function<std::optional<std::string>(const std::string&)>& getenv,
                                      std::string& missing);

// "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:80", ":8080" (all interfaces).
std::optional<ListenAddress> parse_listen(std::string_view text);

// Semantic checks on a configuration built in code (demo mode, tests); load_config_* run them
// with line numbers.
void validate(const GatewayConfig& config);

}  // namespace qg::config
