#pragma once
// Who the client is behind a reverse proxy. Only a peer inside `trusted_proxies` may speak for
// the client (Forwarded, or X-Forwarded-For/-Proto/-Prefix); from anyone else those headers are
// ignored, since any client can send them. Pure: addresses come in as text.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qg::http {

// An address range: "10.0.0.0/8", "fd00::/8", or a single address ("192.0.2.7" = /32).
struct Cidr {
  std::array<std::uint8_t, 16> bytes{};  // IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d)
  int prefix = 128;
  bool contains(std::string_view address) const;
  bool operator==(const Cidr&) const = default;
};

std::optional<Cidr> parse_cidr(std::string_view text);
// The 16-byte form of an address (IPv4, IPv6, or IPv4-mapped IPv6); nullopt if it is neither.
std::optional<std::array<std::uint8_t, 16>> parse_address(std::string_view text);

struct ForwardedHeaders {
  std::string_view forwarded;        // RFC 7239
  std::string_view x_forwarded_for;
  std::string_view x_forwarded_proto;
  std::string_view x_forwarded_prefix;
};

struct ClientView {
  std::string address;  // the client's address: the peer, or what trusted proxies say it is
  std::string scheme;   // "http" unless a trusted proxy says "https"
  std::string prefix;   // path prefix the proxy strips ("/quota-gateway"), validated; "" when none
};

// The client as trusted proxies describe it. The forwarded chain is read from the right: each
// hop that is itself a trusted proxy is skipped, the first one that is not is the client (a
// client may prepend anything to the left). Forwarded wins over the X-Forwarded-* headers.
ClientView resolve_client(std::string_view peer, const ForwardedHeaders& headers, const std::vector<Cidr>& trusted);

// A path prefix that may stand in front of generated links: "/" + segments of URI path
// characters, no "." or ".." segment, no empty segment, at most 256 bytes; "" for "/" or "".
std::optional<std::string> valid_prefix(std::string_view prefix);

}  // namespace qg::http
