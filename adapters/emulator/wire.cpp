#include "adapters/emulator/wire.hpp"

#include <atomic>
#include <charconv>
#include <random>

namespace qg::emulator {

std::string_view WireRequest::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (adapters::iequals(k, name)) return v;
  }
  return {};
}

bool WireRequest::has_header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (adapters::iequals(k, name)) return true;
  }
  return false;
}

std::optional<std::vector<std::pair<std::string, std::string>>> decode_query(std::string_view query) {
  auto decode = [](std::string_view s) -> std::optional<std::string> {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '+') {
        out.push_back(' ');
      } else if (s[i] == '%') {
        if (i + 2 >= s.size()) return std::nullopt;
        unsigned v = 0;
        auto [ptr, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
        if (ec != std::errc() || ptr != s.data() + i + 3) return std::nullopt;
        out.push_back(static_cast<char>(v));
        i += 2;
      } else {
        out.push_back(s[i]);
      }
    }
    return out;
  };
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t pos = 0;
  while (pos < query.size()) {
    auto amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    const auto pair = query.substr(pos, amp - pos);
    pos = amp + 1;
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    auto name = decode(pair.substr(0, eq));
    auto value = decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!name || !value) return std::nullopt;
    out.emplace_back(std::move(*name), std::move(*value));
  }
  return out;
}

std::string new_request_id(bool upper_case) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  static constexpr char kLower[] = "0123456789abcdef";
  static constexpr char kUpper[] = "0123456789ABCDEF";
  const char* digits = upper_case ? kUpper : kLower;
  std::string id;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) id.push_back('-');
    id.push_back(digits[engine() & 0xF]);
  }
  return id;
}

WireResponse json_response(unsigned status, std::string body) {
  WireResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json;charset=utf-8");
  r.body = std::move(body);
  return r;
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace qg::emulator
