#include "adapters/common/http_types.hpp"

#include <cctype>
#include <charconv>

namespace qg::adapters {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string redact_url(std::string_view url) {
  const auto scheme = url.find("://");
  const std::size_t authority = scheme == std::string_view::npos ? 0 : scheme + 3;
  const auto end = url.find_first_of("/?#", authority);
  const auto at = url.substr(0, end).rfind('@');
  if (at == std::string_view::npos || at < authority) return std::string(url);
  return std::string(url.substr(0, authority)) + "***" + std::string(url.substr(at));
}

bool is_loopback_host(std::string_view host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  if (!host.starts_with("127.")) return false;
  return host.find_first_not_of("0123456789.") == std::string_view::npos;
}

std::string Endpoint::host_header() const {
  const bool default_port = (tls && port == 443) || (!tls && port == 80);
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (!default_port) h.append(":").append(std::to_string(port));
  return h;
}

std::string Endpoint::origin() const { return (tls ? "https://" : "http://") + host_header(); }

std::string Endpoint::pool_key() const { return origin() + "|" + ca_file; }

boost::system::result<Endpoint, std::string> parse_endpoint(std::string_view url) {
  Endpoint ep;
  if (url.starts_with("https://")) {
    ep.tls = true;
    ep.port = 443;
    url.remove_prefix(8);
  } else if (url.starts_with("http://")) {
    ep.tls = false;
    ep.port = 80;
    url.remove_prefix(7);
  } else {
    return std::string("must start with http:// or https://");
  }
  if (!url.empty() && url.back() == '/') url.remove_suffix(1);
  if (url.find_first_of("/?#@ ") != std::string_view::npos) {
    return std::string("must be a scheme, a host and an optional port, without path, query or user info");
  }
  std::string_view port_text;
  if (url.starts_with("[")) {
    const auto close = url.find(']');
    if (close == std::string_view::npos) return std::string("unterminated IPv6 literal");
    ep.host = std::string(url.substr(1, close - 1));
    url.remove_prefix(close + 1);
    if (!url.empty()) {
      if (url.front() != ':') return std::string("unexpected text after the IPv6 literal");
      port_text = url.substr(1);
    }
  } else {
    const auto colon = url.find(':');
    ep.host = std::string(url.substr(0, colon));
    if (colon != std::string_view::npos) port_text = url.substr(colon + 1);
  }
  if (ep.host.empty()) return std::string("has no host");
  if (!port_text.empty()) {
    unsigned port = 0;
    auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port == 0 || port > 65535) {
      return std::string("has an invalid port");
    }
    ep.port = static_cast<std::uint16_t>(port);
  }
  return ep;
}

std::string_view HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return {};
}

}  // namespace qg::adapters
