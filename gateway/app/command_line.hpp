#pragma once
// quota-gateway [--config FILE] [--listen HOST:PORT] [--check URL] [--help] [--version]

#include <optional>
#include <string>
#include <vector>

namespace qg::app {

struct CommandLine {
  std::optional<std::string> config_path;
  std::optional<std::string> listen;
  std::optional<std::string> check_url;  // self-check mode for container health checks
  bool help = false;
  bool version = false;
  // Hidden from --help: prints every configuration key path the loader accepts, one per line,
  // for the test that keeps docs/configuration.md in step with the loader.
  bool list_config_keys = false;
};

// Throws std::invalid_argument with a message naming the bad argument.
CommandLine parse_command_line(const std::vector<std::string>& args);
std::string usage();

}  // namespace qg::app
