#pragma once
// Walks a YAML tree into typed values, collecting every problem (with its key path and line)
// instead of stopping at the first, and remembering where each key was so that checks made
// after reading can still name the line. Internal to the configuration module.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "adapters/common/secret.hpp"
#include "gateway/config/load.hpp"

namespace qg::config {

// A duration key's accepted range: an operator's typo ("110000d") is refused at start-up instead
// of overflowing a deadline into the past.
struct DurationBounds {
  Duration min;
  Duration max;
};

class Reader {
 public:
  Reader(std::string source, const LoadEnvironment& env);

  void error(const YAML::Node& node, const std::string& path, const std::string& what);
  // For checks that run after reading: the line recorded for `path` (or its nearest parent).
  void error_at(const std::string& path, const std::string& what);
  const std::vector<std::string>& errors() const { return errors_; }

  // Refuses keys not in `allowed`; false when `map` is not a mapping.
  bool keys(const YAML::Node& map, const std::string& path, std::span<const std::string_view> allowed);
  static std::string join(const std::string& path, std::string_view key);

  std::optional<std::string> scalar(const YAML::Node& node, const std::string& path);
  void string(const YAML::Node& parent, std::string_view key, const std::string& path, std::string& out);
  void boolean(const YAML::Node& parent, std::string_view key, const std::string& path, bool& out);
  template <class D>
  void duration(const YAML::Node& parent, std::string_view key, const std::string& path, D& out,
                DurationBounds bounds) {
    if (auto d = read_duration(parent, key, path, bounds)) out = std::chrono::duration_cast<D>(*d);
  }
  std::optional<Duration> read_duration(const YAML::Node& parent, std::string_view key, const std::string& path,
                                        DurationBounds bounds);
  template <class Int>
  void integer(const YAML::Node& parent, std::string_view key, const std::string& path, Int& out, Int min,
               Int max) {
    if (auto v = read_integer(parent, key, path, static_cast<std::int64_t>(min), static_cast<std::int64_t>(max))) {
      out = static_cast<Int>(*v);
    }
  }
  std::optional<std::int64_t> read_integer(const YAML::Node& parent, std::string_view key, const std::string& path,
                                           std::int64_t min, std::int64_t max);
  void number(const YAML::Node& parent, std::string_view key, const std::string& path, double& out, double min,
              double max);
  std::vector<std::string> string_list(const YAML::Node& parent, std::string_view key, const std::string& path);
  // A secret from `key`, or from the file named by `key`_file (Docker/Kubernetes secrets).
  void secret(const YAML::Node& parent, std::string_view key, const std::string& path, adapters::Secret& out);
  // A file's content through the injected reader; an error naming `path` when it cannot be used.
  std::optional<std::string> file(const YAML::Node& node, const std::string& path, const std::string& name,
                                  std::size_t max_bytes);

  const LoadEnvironment& env() const { return env_; }

 private:
  void remember(const YAML::Node& node, const std::string& path);

  std::string source_;
  const LoadEnvironment& env_;
  std::vector<std::string> errors_;
  std::map<std::string, int> lines_;
};

}  // namespace qg::config
