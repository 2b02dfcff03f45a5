#include "gateway/http/forwarded.hpp"
#include "adapters/common/text.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace qg::http {
namespace {

// Splits on `sep` outside double quotes, scanning from the right: what the nearest proxy appended
// is read first and intact, so an unbalanced '"' a client put on the left can only garble the
// client's own part, never swallow what a proxy wrote after it. Parts come out left to right.
std::vector<std::string_view> split_quoted(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  bool quoted = false;
  std::size_t end = text.size();
  for (std::size_t i = text.size(); i-- > 0;) {
    if (text[i] == '"') quoted = !quoted;
    if (text[i] == sep && !quoted) {
      out.push_back(adapters::trim_ows(text.substr(i + 1, end - i - 1)));
      end = i;
    }
  }
  out.push_back(adapters::trim_ows(text.substr(0, end)));
  std::reverse(out.begin(), out.end());
  return out;
}

std::string_view unquote(std::string_view v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return v.substr(1, v.size() - 2);
  return v;
}

// "192.0.2.7", "192.0.2.7:4711", "[2001:db8::1]", "[2001:db8::1]:4711", "2001:db8::1": the address.
std::string_view strip_port(std::string_view node) {
  if (!node.empty() && node.front() == '[') {
    const auto close = node.find(']');
    return close == std::string_view::npos ? std::string_view() : node.substr(1, close - 1);
  }
  if (std::count(node.begin(), node.end(), ':') == 1) return node.substr(0, node.find(':'));
  return node;
}

// A hop that is not an address ("unknown", an obfuscated "_hidden") is kept as its text, bounded.
std::string hop_text(std::string_view node) {
  std::string out;
  for (const char c : node.substr(0, 64)) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == ':' || c == '_' || c == '-') out.push_back(c);
  }
  return out.empty() ? "unknown" : out;
}

bool trusted_address(std::string_view address, const std::vector<Cidr>& trusted) {
  return std::any_of(trusted.begin(), trusted.end(), [&](const Cidr& c) { return c.contains(address); });
}

struct Chain {
  std::vector<std::string_view> hops;  // left (client side) to right (nearest proxy), as sent
  std::string proto;
};

// RFC 7239: elements and pairs may hold quoted strings, which may hold ',' and ';'.
Chain from_forwarded(std::string_view header) {
  Chain chain;
  for (auto element : split_quoted(header, ',')) {
    for (auto pair : split_quoted(element, ';')) {
      const auto eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      const std::string key = adapters::ascii_lower(adapters::trim_ows(pair.substr(0, eq)));
      const auto value = unquote(adapters::trim_ows(pair.substr(eq + 1)));
      if (key == "for") chain.hops.push_back(value);
      if (key == "proto" && chain.proto.empty()) chain.proto = adapters::ascii_lower(value);
    }
  }
  return chain;
}

Chain from_x_forwarded(const ForwardedHeaders& h) {
  Chain chain;
  chain.hops = x_forwarded_for_hops(h.x_forwarded_for);
  const auto proto = h.x_forwarded_proto.substr(0, h.x_forwarded_proto.find(','));
  chain.proto = adapters::ascii_lower(adapters::trim_ows(proto));
  return chain;
}

}  // namespace

std::optional<std::array<std::uint8_t, 16>> parse_address(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string s(text);
  std::array<std::uint8_t, 16> out{};
  in_addr v4{};
  if (::inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    out[10] = 0xff;
    out[11] = 0xff;
    std::copy_n(reinterpret_cast<const std::uint8_t*>(&v4), 4, out.begin() + 12);
    return out;
  }
  in6_addr v6{};
  if (::inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::copy_n(reinterpret_cast<const std::uint8_t*>(&v6), 16, out.begin());
    return out;
  }
  return std::nullopt;
}

std::optional<Cidr> parse_cidr(std::string_view text) {
  text = adapters::trim_ows(text);
  const auto slash = text.find('/');
  auto address = parse_address(text.substr(0, slash));
  if (!address) return std::nullopt;
  const bool v4 = text.substr(0, slash).find(':') == std::string_view::npos;
  Cidr c{*address, 128};
  if (slash != std::string_view::npos) {
    const auto bits = text.substr(slash + 1);
    if (bits.empty() || bits.size() > 3 || !std::all_of(bits.begin(), bits.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); })) {
      return std::nullopt;
    }
    const int n = std::stoi(std::string(bits));
    if (n > (v4 ? 32 : 128)) return std::nullopt;
    c.prefix = v4 ? 96 + n : n;
  }
  // Bits past the prefix are ignored, so "10.1.2.3/8" means 10.0.0.0/8.
  for (int bit = c.prefix; bit < 128; ++bit) c.bytes[bit / 8] &= static_cast<std::uint8_t>(~(0x80 >> (bit % 8)));
  return c;
}

bool Cidr::contains(std::string_view address) const {
  const auto a = parse_address(address);
  if (!a) return false;
  for (int bit = 0; bit < prefix; ++bit) {
    const std::uint8_t mask = static_cast<std::uint8_t>(0x80 >> (bit % 8));
    if (((*a)[bit / 8] & mask) != (bytes[bit / 8] & mask)) return false;
  }
  return true;
}

std::optional<std::string> valid_prefix(std::string_view prefix) {
  prefix = adapters::trim_ows(prefix);
  while (prefix.size() > 1 && prefix.back() == '/') prefix.remove_suffix(1);
  if (prefix.empty() || prefix == "/") return std::string();
  if (prefix.size() > 256 || prefix.front() != '/') return std::nullopt;
  std::size_t start = 1;
  while (start <= prefix.size()) {
    const auto end = std::min(prefix.find('/', start), prefix.size());
    const auto segment = prefix.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return std::nullopt;
    for (const char ch : segment) {
      const auto c = static_cast<unsigned char>(ch);
      if (!(std::isalnum(c) || std::string_view("-._~!$&'()*+,;=:@%").find(ch) != std::string_view::npos)) {
        return std::nullopt;
      }
    }
    start = end + 1;
  }
  return std::string(prefix);
}

std::optional<ClientHeader> parse_client_header(std::string_view text) {
  const std::string lower = adapters::ascii_lower(adapters::trim_ows(text));
  if (lower == "x-forwarded-for") return ClientHeader::kXForwardedFor;
  if (lower == "forwarded") return ClientHeader::kForwarded;
  return std::nullopt;
}

std::string_view to_string(ClientHeader header) {
  return header == ClientHeader::kForwarded ? "forwarded" : "x-forwarded-for";
}

std::vector<std::string_view> x_forwarded_for_hops(std::string_view header) {
  std::vector<std::string_view> hops;
  if (adapters::trim_ows(header).empty()) return hops;
  std::size_t start = 0;
  for (;;) {
    const auto comma = header.find(',', start);
    hops.push_back(adapters::trim_ows(header.substr(start, comma - start)));
    if (comma == std::string_view::npos) return hops;
    start = comma + 1;
  }
}

std::string link_prefix(std::string_view forwarded_prefix, std::string_view base_path) {
  const bool carried = !forwarded_prefix.empty() && base_path.starts_with(forwarded_prefix) &&
                       (base_path.size() == forwarded_prefix.size() || base_path[forwarded_prefix.size()] == '/');
  return carried ? std::string(base_path) : std::string(forwarded_prefix) + std::string(base_path);
}

ClientView resolve_client(std::string_view peer, const ForwardedHeaders& headers, const TrustedProxies& trusted) {
  ClientView view{std::string(peer), "http", ""};
  if (!trusted_address(peer, trusted.ranges)) return view;
  const Chain chain = trusted.header == ClientHeader::kForwarded ? from_forwarded(headers.forwarded)
                                                                 : from_x_forwarded(headers);
  for (auto it = chain.hops.rbegin(); it != chain.hops.rend(); ++it) {
    const auto address = strip_port(*it);
    if (!parse_address(address)) {
      view.address = hop_text(*it);
      break;
    }
    view.address = std::string(address);
    if (!trusted_address(address, trusted.ranges)) break;
  }
  if (chain.proto == "https" || chain.proto == "http") view.scheme = chain.proto;
  const auto prefix = headers.x_forwarded_prefix.substr(0, headers.x_forwarded_prefix.find(','));
  if (auto p = valid_prefix(prefix)) view.prefix = *p;
  return view;
}

}  // namespace qg::http
