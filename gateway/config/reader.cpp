#include "gateway/config/reader.hpp"

#include <cctype>
#include <cstdlib>
#include <sstream>

#include "adapters/common/numbers.hpp"
#include "gateway/config/duration.hpp"
#include "gateway/config/files.hpp"

namespace qg::config {

namespace {

// Configuration keys are short snake_case names; anything else is not echoed in an error.
bool looks_like_a_name(std::string_view key) {
  if (key.empty() || key.size() > 64) return false;
  for (const char c : key) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  }
  return true;
}

}  // namespace

Reader::Reader(std::string source, const LoadEnvironment& env) : source_(std::move(source)), env_(env) {}

void Reader::remember(const YAML::Node& node, const std::string& path) {
  if (node.IsDefined() && !node.Mark().is_null()) lines_.emplace(path, node.Mark().line + 1);
}

void Reader::error(const YAML::Node& node, const std::string& path, const std::string& what) {
  std::ostringstream out;
  out << source_;
  if (node.IsDefined() && !node.Mark().is_null()) out << ":" << node.Mark().line + 1;
  out << ": " << path << ": " << what;
  errors_.push_back(out.str());
}

void Reader::error_at(const std::string& path, const std::string& what) {
  std::string key = path;
  for (;;) {
    if (auto it = lines_.find(key); it != lines_.end()) {
      errors_.push_back(source_ + ":" + std::to_string(it->second) + ": " + path + ": " + what);
      return;
    }
    const auto cut = key.find_last_of(".[");
    if (cut == std::string::npos) break;
    key.resize(cut);
  }
  errors_.push_back(source_ + ": " + path + ": " + what);
}

std::string Reader::join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

bool Reader::keys(const YAML::Node& map, const std::string& path, std::span<const std::string_view> allowed) {
  remember(map, path);
  if (!map.IsMap()) {
    error(map, path.empty() ? "(top level)" : path, "must be a mapping");
    return false;
  }
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) {
      error(kv.first, path, "keys must be plain names, not lists or mappings");
      continue;
    }
    const auto key = kv.first.as<std::string>();
    bool known = false;
    for (auto a : allowed) known = known || key == a;
    // A key that is not a name is not echoed either: it may be a line of some other file.
    if (!known && looks_like_a_name(key)) error(kv.first, join(path, key), "unknown key");
    else if (!known) error(kv.first, path.empty() ? "(top level)" : path, "has a key that is not a name");
    remember(kv.second, join(path, key));
  }
  return true;
}

std::optional<std::string> Reader::scalar(const YAML::Node& node, const std::string& path) {
  remember(node, path);
  if (!node.IsScalar()) {
    error(node, path, "must be a single value");
    return std::nullopt;
  }
  std::string missing;
  auto value = expand_env(node.Scalar(), env_.getenv, missing);
  if (!value) error(node, path, "environment variable " + missing + " is not set");
  return value;
}

void Reader::string(const YAML::Node& parent, std::string_view key, const std::string& path, std::string& out) {
  if (auto n = parent[std::string(key)]; n) {
    if (auto v = scalar(n, join(path, key))) out = *v;
  }
}

void Reader::boolean(const YAML::Node& parent, std::string_view key, const std::string& path, bool& out) {
  if (auto n = parent[std::string(key)]; n) {
    if (auto v = scalar(n, join(path, key))) {
      if (*v == "true") out = true;
      else if (*v == "false") out = false;
      else error(n, join(path, key), "is not true or false");
    }
  }
}

std::optional<Duration> Reader::read_duration(const YAML::Node& parent, std::string_view key,
                                              const std::string& path, DurationBounds bounds) {
  auto n = parent[std::string(key)];
  if (!n) return std::nullopt;
  auto v = scalar(n, join(path, key));
  if (!v) return std::nullopt;
  auto d = parse_duration(*v);
  if (!d) {
    error(n, join(path, key), "is not a duration (e.g. 250ms, 60s, 5m, 1h)");
    return std::nullopt;
  }
  if (*d < bounds.min || *d > bounds.max) {
    error(n, join(path, key),
          "must be between " + format_duration(bounds.min) + " and " + format_duration(bounds.max));
    return std::nullopt;
  }
  return d;
}

std::optional<std::int64_t> Reader::read_integer(const YAML::Node& parent, std::string_view key,
                                                 const std::string& path, std::int64_t min, std::int64_t max) {
  auto n = parent[std::string(key)];
  if (!n) return std::nullopt;
  auto v = scalar(n, join(path, key));
  if (!v) return std::nullopt;
  auto value = adapters::parse_integer(*v);
  if (!value || *value < min || *value > max) {
    error(n, join(path, key),
          "must be an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]");
    return std::nullopt;
  }
  return value;
}

void Reader::number(const YAML::Node& parent, std::string_view key, const std::string& path, double& out,
                    double min, double max) {
  if (auto n = parent[std::string(key)]; n) {
    if (auto v = scalar(n, join(path, key))) {
      auto value = adapters::parse_decimal(*v);
      if (!value || *value < min || *value > max) {
        std::ostringstream range;
        range << "[" << min << ", " << max << "]";
        error(n, join(path, key), "must be a decimal number in " + range.str());
      } else {
        out = *value;
      }
    }
  }
}

std::vector<std::string> Reader::string_list(const YAML::Node& parent, std::string_view key,
                                             const std::string& path) {
  std::vector<std::string> out;
  auto n = parent[std::string(key)];
  if (!n) return out;
  const std::string at = join(path, key);
  remember(n, at);
  if (!n.IsSequence()) {
    error(n, at, "must be a list");
    return out;
  }
  for (std::size_t i = 0; i < n.size(); ++i) {
    if (auto v = scalar(n[i], at + "[" + std::to_string(i) + "]")) out.push_back(*v);
  }
  return out;
}

std::optional<std::string> Reader::file(const YAML::Node& node, const std::string& path, const std::string& name,
                                        std::size_t max_bytes) {
  auto content = env_.read_file(name, max_bytes);
  if (!content) {
    error(node, path, "'" + name + "' " + content.error());
    return std::nullopt;
  }
  return *content;
}

void Reader::secret(const YAML::Node& parent, std::string_view key, const std::string& path, adapters::Secret& out) {
  const std::string file_key = std::string(key) + "_file";
  const auto direct = parent[std::string(key)];
  const auto from_file = parent[file_key];
  if (direct && from_file) {
    error(from_file, join(path, file_key), "give either " + std::string(key) + " or " + file_key + ", not both");
    return;
  }
  if (direct) {
    if (auto v = scalar(direct, join(path, key))) out = adapters::Secret(*v);
  } else if (from_file) {
    const std::string at = join(path, file_key);
    if (auto name = scalar(from_file, at)) {
      auto content = file(from_file, at, *name, kMaxSecretFileBytes);
      if (!content) return;
      while (!content->empty() && (content->back() == '\n' || content->back() == '\r')) content->pop_back();
      if (content->empty()) {
        error(from_file, at, "'" + *name + "' is empty");
        return;
      }
      out = adapters::Secret(*content);
    }
  }
}

}  // namespace qg::config
