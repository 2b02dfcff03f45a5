// Forwarded headers arrive from clients through proxies that pass much of them on. Whatever a
// client sent, the resolver must only ever name a real address or bounded printable text, must
// believe one header family only, and must find the address a trusted proxy appended after the
// client's bytes: that last property is the whole point of walking the chain from the right.
//
// Input: "<peer selector byte><Forwarded>\n<X-Forwarded-For>\n<X-Forwarded-Proto>\n<X-Forwarded-Prefix>".
#include <algorithm>
#include <array>
#include <cctype>

#include "gateway/http/forwarded.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using namespace qg::http;

constexpr std::array<std::string_view, 4> kPeers{"127.0.0.1", "10.1.2.3", "fd00::7", "203.0.113.9"};
constexpr std::string_view kAppended = "198.51.100.7";  // what the nearest trusted proxy saw

TrustedProxies trusted(ClientHeader header) {
  TrustedProxies t;
  t.header = header;
  for (const char* c : {"127.0.0.1", "10.0.0.0/8", "fd00::/8"}) t.ranges.push_back(*parse_cidr(c));
  return t;
}

std::string_view next_line(std::string_view& rest) {
  const auto nl = rest.find('\n');
  const auto line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  return line;
}

bool printable_hop(std::string_view address) {
  return !address.empty() && address.size() <= 64 && std::all_of(address.begin(), address.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == ':' || c == '_' || c == '-';
  });
}

void check_view(const ClientView& view, std::string_view peer, bool peer_trusted) {
  qg::fuzz::check(parse_address(view.address).has_value() || printable_hop(view.address),
                  "the client is an address or bounded printable text");
  qg::fuzz::check(view.scheme == "http" || view.scheme == "https", "the scheme is http or https");
  qg::fuzz::check(view.prefix.empty() || valid_prefix(view.prefix) == view.prefix, "the prefix is a clean path");
  if (!peer_trusted) {
    qg::fuzz::check(view.address == peer && view.scheme == "http" && view.prefix.empty(),
                    "nothing an untrusted peer sends is believed");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view peer = kPeers[data[0] % kPeers.size()];
  std::string_view rest = qg::fuzz::as_text(data + 1, size - 1);
  const auto forwarded = next_line(rest);
  const auto xff = next_line(rest);
  const auto proto = next_line(rest);
  const auto prefix = next_line(rest);
  const bool peer_trusted = peer != kPeers.back();

  for (const auto family : {ClientHeader::kXForwardedFor, ClientHeader::kForwarded}) {
    const auto proxies = trusted(family);
    const ForwardedHeaders headers{forwarded, xff, proto, prefix};
    const ClientView view = resolve_client(peer, headers, proxies);
    check_view(view, peer, peer_trusted);

    // One family only: the other one's header changes nothing.
    ForwardedHeaders other_blank = headers;
    if (family == ClientHeader::kXForwardedFor) other_blank.forwarded = {};
    else other_blank.x_forwarded_for = {};
    qg::fuzz::check(resolve_client(peer, other_blank, proxies).address == view.address,
                    "the family not configured is ignored");

    // Whatever the client wrote first, the hop the proxy appended after it is the client.
    const std::string appended_xff = std::string(xff) + ", " + std::string(kAppended);
    const std::string appended_fwd = std::string(forwarded) + ", for=" + std::string(kAppended);
    ForwardedHeaders through_proxy = headers;
    through_proxy.x_forwarded_for = appended_xff;
    through_proxy.forwarded = appended_fwd;
    const auto believed = resolve_client(peer, through_proxy, proxies).address;
    qg::fuzz::check(believed == (peer_trusted ? kAppended : peer), "the proxy's appended hop wins");
  }

  const auto hops = x_forwarded_for_hops(xff);
  qg::fuzz::check(hops.empty() || hops.size() == static_cast<std::size_t>(std::count(xff.begin(), xff.end(), ',')) + 1,
                  "X-Forwarded-For is a plain comma list");
  const std::string forwarded_prefix = valid_prefix(prefix).value_or("");
  const std::string joined = link_prefix(forwarded_prefix, "/quota-gateway");
  qg::fuzz::check(joined == "/quota-gateway" || joined == forwarded_prefix + "/quota-gateway",
                  "links carry the forwarded prefix at most once, then base_path");
  if (forwarded_prefix == "/quota-gateway") qg::fuzz::check(joined == "/quota-gateway", "a carried prefix is not doubled");
  return 0;
}
