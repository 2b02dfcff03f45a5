#pragma once
// YAML → GatewayConfig, once at startup: ${ENV} expansion in values, *_file keys for secrets
// from files, unknown keys rejected, every problem reported with its key path and line.

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "gateway/config/config.hpp"

namespace qg::config {

// Startup misconfiguration: the one place the gateway uses an exception for an expected failure.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LoadEnvironment {
  // Defaults: std::getenv and reading the whole file. Injected by tests.
  std::function<std::optional<std::string>(const std::string&)> getenv;
  std::function<std::optional<std::string>(const std::string&)> read_file;
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

// Fails on semantic problems the YAML reader cannot see (duplicate names, missing credentials).
void validate(const GatewayConfig& config);

}  // namespace qg::config
