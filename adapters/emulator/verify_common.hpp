#pragma once
// What the two signature verifiers share: the failure value and a few string helpers. Pure.

#include <string>
#include <string_view>
#include <vector>

namespace qg::emulator {

struct VerifyFailure {
  std::string code;            // "AuthFailure.SignatureFailure", "SignatureDoesNotMatch", ...
  std::string message;
  unsigned http_status = 200;  // Alibaba answers with 4xx; Tencent always with 200
};

namespace verify_detail {

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

inline std::vector<std::string_view> split(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == separator) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// "Key=value" pairs of an Authorization header after the algorithm, split on ','. False when a
// part has no '=' or a key repeats.
template <class OnPair>
bool for_each_auth_pair(std::string_view rest, OnPair&& on_pair) {
  std::vector<std::string_view> seen;
  for (auto part : split(rest, ',')) {
    part = trim(part);
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) return false;
    const auto key = trim(part.substr(0, eq));
    for (auto k : seen) {
      if (k == key) return false;
    }
    seen.push_back(key);
    on_pair(key, part.substr(eq + 1));
  }
  return true;
}

}  // namespace verify_detail
}  // namespace qg::emulator
