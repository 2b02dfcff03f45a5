#pragma once
// Who the client is behind a reverse proxy. Only a peer inside `trusted_proxies` may speak for
// the client, and only in ONE header family, the one the proxy writes: X-Forwarded-For (with
// X-Forwarded-Proto) by default, or RFC 7239 Forwarded. The other family is ignored even from a
// trusted proxy, since proxies pass through whatever of it the client sent. From any other peer
// every forwarded header is ignored. Pure: addresses come in as text.

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

// The header family a trusted proxy speaks for the client in (`forwarded_header`).
enum class ClientHeader { kXForwardedFor, kForwarded };
// "x-forwarded-for" or "forwarded" (any case); nullopt for anything else.
std::optional<ClientHeader> parse_client_header(std::string_view text);
std::string_view to_string(ClientHeader header);

struct TrustedProxies {
  std::vector<Cidr> ranges;                        // whose forwarded headers are believed
  ClientHeader header = ClientHeader::kXForwardedFor;  // and which family of them
  bool operator==(const TrustedProxies&) const = default;
};

struct ForwardedHeaders {
  std::string_view forwarded;        // RFC 7239: every field line, joined with ", "
  std::string_view x_forwarded_for;  // every field line, joined with ", "
  std::string_view x_forwarded_proto;
  std::string_view x_forwarded_prefix;
};

struct ClientView {
  std::string address;  // the client's address: the peer, or what trusted proxies say it is
  std::string scheme;   // "http" unless a trusted proxy says "https"
  std::string prefix;   // path prefix the proxy strips ("/quota-gateway"), validated; "" when none
};

// The client as trusted proxies describe it, in their header family only. The chain is read
// from the right: each hop that is itself a trusted proxy is skipped, the first one that is not
// is the client (a client may prepend anything to the left, since a proxy appends).
ClientView resolve_client(std::string_view peer, const ForwardedHeaders& headers, const TrustedProxies& trusted);

// X-Forwarded-For as what it is: a plain comma-separated list of nodes, each trimmed, left
// (client side) to right (nearest proxy). No quoted strings: a '"' is an ordinary byte of a hop
// that is then not an address, and cannot hide a comma that a proxy appended after it.
std::vector<std::string_view> x_forwarded_for_hops(std::string_view header);

// The prefix generated links carry: the proxy's forwarded prefix, then base_path, except when
// base_path already begins with the forwarded prefix (a proxy that forwards the path unchanged
// and still says X-Forwarded-Prefix): the request path carries it, so it is not doubled.
std::string link_prefix(std::string_view forwarded_prefix, std::string_view base_path);

// A path prefix that may stand in front of generated links: "/" + segments of URI path
// characters, no "." or ".." segment, no empty segment, at most 256 bytes; "" for "/" or "".
std::optional<std::string> valid_prefix(std::string_view prefix);

}  // namespace qg::http
