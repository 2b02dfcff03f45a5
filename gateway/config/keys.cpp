#include "gateway/config/keys.hpp"

namespace qg::config::keys {
namespace {

const Section* section_at(std::string_view path) {
  for (const auto& s : kSections) {
    if (s.path == path) return &s;
  }
  return nullptr;
}

void collect(const Section& section, std::vector<std::string>& out) {
  for (const auto key : section.keys) {
    const std::string path = section.path.empty() ? std::string(key) : std::string(section.path) + "." + std::string(key);
    // A list of mappings (accounts) is a section under "name[]", a mapping under its own name.
    if (const auto* inner = section_at(path)) collect(*inner, out);
    else if (const auto* list = section_at(path + "[]")) collect(*list, out);
    else out.push_back(path);
  }
}

}  // namespace

std::vector<std::string> leaf_paths() {
  std::vector<std::string> out;
  collect(kSections.front(), out);
  return out;
}

}  // namespace qg::config::keys
