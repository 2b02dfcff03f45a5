#include "adapters/emulator/wire.hpp"

#include <charconv>
#include <random>

namespace qg::emulator {
namespace {

std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
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
}

}  // namespace

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

void split_target(WireRequest& r) {
  std::string_view t = r.target;
  // RFC 9112 §3.2.2: a server must accept the absolute form (what a client sends to a proxy).
  if (const auto scheme = t.find("://"); scheme != std::string_view::npos && t.find('/') > scheme) {
    const auto path_at = t.find_first_of("/?", scheme + 3);
    t = path_at == std::string_view::npos ? std::string_view("/") : t.substr(path_at);
  }
  const auto q = t.find('?');
  r.path = std::string(t.substr(0, q));
  if (r.path.empty()) r.path = "/";
  r.query = q == std::string_view::npos ? std::string() : std::string(t.substr(q + 1));
}

Instant Instant::now() {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count();
  return Instant{ms / 1000, std::chrono::steady_clock::now(), ms};
}

std::optional<Params> decode_query(std::string_view query) {
  Params out;
  std::size_t pos = 0;
  while (pos < query.size()) {
    auto amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    const auto pair = query.substr(pos, amp - pos);
    pos = amp + 1;
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    auto name = percent_decode(pair.substr(0, eq));
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!name || !value) return std::nullopt;
    out.emplace_back(std::move(*name), std::move(*value));
  }
  return out;
}

const std::string* find_param(const Params& params, std::string_view name) {
  for (const auto& [k, v] : params) {
    if (k == name) return &v;
  }
  return nullptr;
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

std::string new_request_id(bool upper_case) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  static constexpr char kLower[] = "0123456789abcdef";
  static constexpr char kUpper[] = "0123456789ABCDEF";
  const char* digits = upper_case ? kUpper : kLower;
  std::string id;
  id.reserve(36);
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) id.push_back('-');
    // Version 4, RFC 4122 variant, so the ids parse as real UUIDs.
    if (i == 12) {
      id.push_back('4');
    } else if (i == 16) {
      id.push_back(digits[8 + (engine() & 0x3)]);
    } else {
      id.push_back(digits[engine() & 0xF]);
    }
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
