#include "adapters/common/text.hpp"

namespace qg::adapters {
namespace {

bool ows(char c) { return c == ' ' || c == '\t'; }
bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

template <class Pred>
std::string_view trim_if(std::string_view s, Pred drop) {
  while (!s.empty() && drop(s.front())) s.remove_prefix(1);
  while (!s.empty() && drop(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view trim_ows(std::string_view text) { return trim_if(text, ows); }

std::string_view trim_space(std::string_view text) { return trim_if(text, space); }

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace qg::adapters
