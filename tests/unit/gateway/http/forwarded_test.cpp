// Forwarded headers count only from trusted proxies and only in the family they write: the client
// is the first untrusted hop from the right, X-Forwarded-For is a plain comma list, prefixes are
// validated and never doubled, CIDRs match by prefix.

#include <gtest/gtest.h>

#include "gateway/http/forwarded.hpp"

namespace {

using namespace qg::http;

TrustedProxies cidrs(std::initializer_list<const char*> list, ClientHeader header = ClientHeader::kXForwardedFor) {
  TrustedProxies out;
  out.header = header;
  for (const char* c : list) {
    auto parsed = parse_cidr(c);
    EXPECT_TRUE(parsed) << c;
    if (parsed) out.ranges.push_back(*parsed);
  }
  return out;
}

TEST(Forwarded, CidrsMatchByPrefixForBothFamiliesAndMappedAddresses) {
  const auto v4 = *parse_cidr("10.1.2.3/8");  // host bits ignored
  EXPECT_TRUE(v4.contains("10.200.0.1"));
  EXPECT_TRUE(v4.contains("::ffff:10.0.0.9"));  // a dual-stack socket's view of an IPv4 peer
  EXPECT_FALSE(v4.contains("11.0.0.1"));
  EXPECT_FALSE(v4.contains("not-an-address"));
  const auto one = *parse_cidr("192.0.2.7");
  EXPECT_TRUE(one.contains("192.0.2.7"));
  EXPECT_FALSE(one.contains("192.0.2.8"));
  const auto v6 = *parse_cidr("fd00::/8");
  EXPECT_TRUE(v6.contains("fd12:3456::1"));
  EXPECT_FALSE(v6.contains("fe80::1"));
  EXPECT_FALSE(v6.contains("10.0.0.1"));
  for (const char* bad : {"", "10.0.0.0/33", "10.0.0.0/", "fd00::/129", "10.0.0/8", "host/8", "10.0.0.0/-1", "::/1x"}) {
    EXPECT_FALSE(parse_cidr(bad)) << bad;
  }
}

TEST(Forwarded, HeadersFromAnUntrustedPeerAreIgnored) {
  const auto trusted = cidrs({"10.0.0.0/8"});
  const auto view = resolve_client("203.0.113.9", {"for=198.51.100.1;proto=https", "198.51.100.2", "https", "/qg"}, trusted);
  EXPECT_EQ(view.address, "203.0.113.9");
  EXPECT_EQ(view.scheme, "http");
  EXPECT_EQ(view.prefix, "");
}

TEST(Forwarded, TheClientIsTheFirstUntrustedHopFromTheRight) {
  const auto trusted = cidrs({"10.0.0.0/8", "127.0.0.1"});
  // A client may prepend anything; only what trusted proxies appended counts.
  const auto view = resolve_client("127.0.0.1", {{}, "6.6.6.6, 198.51.100.7, 10.0.0.5", "https", "/quota-gateway"}, trusted);
  EXPECT_EQ(view.address, "198.51.100.7");
  EXPECT_EQ(view.scheme, "https");
  EXPECT_EQ(view.prefix, "/quota-gateway");
  // Every hop trusted: the leftmost one is as far as we can see.
  EXPECT_EQ(resolve_client("127.0.0.1", {{}, "10.0.0.7, 10.0.0.5", {}, {}}, trusted).address, "10.0.0.7");
  // No header at all: the peer.
  EXPECT_EQ(resolve_client("10.0.0.5", {}, trusted).address, "10.0.0.5");
}

TEST(Forwarded, Rfc7239IsReadWhenTheProxiesWriteItWithQuotedIpv6AndPorts) {
  const auto trusted = cidrs({"10.0.0.0/8"}, ClientHeader::kForwarded);
  const auto view = resolve_client(
      "10.0.0.1", {R"(for="[2001:db8:cafe::17]:4711";proto=https, for=10.0.0.2;by=10.0.0.1)", "198.51.100.1", "http", {}},
      trusted);
  EXPECT_EQ(view.address, "2001:db8:cafe::17");
  EXPECT_EQ(view.scheme, "https");
  EXPECT_EQ(resolve_client("10.0.0.1", {"for=192.0.2.60:8080", {}, {}, {}}, trusted).address, "192.0.2.60");
  EXPECT_EQ(resolve_client("10.0.0.1", {"for=unknown", {}, {}, {}}, trusted).address, "unknown");
  EXPECT_EQ(resolve_client("10.0.0.1", {"for=\"_hidden\\r\\n\"", {}, {}, {}}, trusted).address, "_hiddenrn");
}

TEST(Forwarded, OnlyCleanPrefixesAreUsedForLinks) {
  EXPECT_EQ(*valid_prefix("/qg"), "/qg");
  EXPECT_EQ(*valid_prefix("/a/b-c_d.e/"), "/a/b-c_d.e");
  EXPECT_EQ(*valid_prefix("/"), "");
  EXPECT_EQ(*valid_prefix(""), "");
  for (const char* bad : {"qg", "//evil.example", "/a//b", "/../x", "/a/./b", "/a b", "/a\"b", "/<script>", "/a\r\nb"}) {
    EXPECT_FALSE(valid_prefix(bad)) << bad;
  }
  EXPECT_FALSE(valid_prefix("/" + std::string(300, 'a')));
  const auto trusted = cidrs({"127.0.0.1"});
  EXPECT_EQ(resolve_client("127.0.0.1", {{}, {}, {}, "//evil.example"}, trusted).prefix, "");
}

// The reproduction of issue 24.1: nginx passes a client's Forwarded through untouched and
// appends the real address to X-Forwarded-For. Believing Forwarded let the client pick any
// identity; the default family is X-Forwarded-For and Forwarded is then not even looked at.
TEST(Forwarded, AForgedForwardedIsIgnoredWhenTheProxiesWriteXForwardedFor) {
  const auto trusted = cidrs({"127.0.0.1"});
  const auto view = resolve_client("127.0.0.1", {"for=6.6.6.6;proto=https", "198.51.100.7", "http", {}}, trusted);
  EXPECT_EQ(view.address, "198.51.100.7");
  EXPECT_EQ(view.scheme, "http");
  // Forwarded alone (the proxy wrote no X-Forwarded-For): the peer, not what the client said.
  EXPECT_EQ(resolve_client("127.0.0.1", {"for=6.6.6.6", {}, {}, {}}, trusted).address, "127.0.0.1");
  // And the other way round: a proxy that writes Forwarded is believed there only.
  const auto rfc = cidrs({"127.0.0.1"}, ClientHeader::kForwarded);
  EXPECT_EQ(resolve_client("127.0.0.1", {"for=198.51.100.7", "6.6.6.6", {}, {}}, rfc).address, "198.51.100.7");
  EXPECT_EQ(resolve_client("127.0.0.1", {{}, "6.6.6.6", {}, {}}, rfc).address, "127.0.0.1");
  // Forwarded does have quoted strings; one a client left open cannot swallow the element a
  // proxy appended after it (read from the right).
  for (const char* forged : {"for=\"", "for=\"[::1", "\"", "for=\"a;proto=https,"}) {
    const std::string header = std::string(forged) + ", for=198.51.100.7";
    EXPECT_EQ(resolve_client("127.0.0.1", {header, {}, {}, {}}, rfc).address, "198.51.100.7") << header;
  }
}

// The other reproduction: X-Forwarded-For was split as if it had quoted strings, so a client's
// stray '"' swallowed the address the proxy appended, and padding chose what was left.
TEST(Forwarded, AStrayQuoteAndPaddingCannotHideTheAddressTheProxyAppended) {
  const auto trusted = cidrs({"127.0.0.1"});
  const std::string padding(80, 'a');
  for (const std::string& forged : {std::string("\""), "\"" + padding, "\"" + padding + "\"", "x\", \"" + padding,
                                    std::string("\"1.2.3.4,"), std::string("\",,,\"")}) {
    const std::string header = forged + ", 198.51.100.7";  // what nginx's $proxy_add_x_forwarded_for makes
    EXPECT_EQ(resolve_client("127.0.0.1", {{}, header, {}, {}}, trusted).address, "198.51.100.7") << header;
  }
  EXPECT_EQ(x_forwarded_for_hops("\"a, b\" ,c,, d "),
            (std::vector<std::string_view>{"\"a", "b\"", "c", "", "d"}));
  EXPECT_TRUE(x_forwarded_for_hops(" ").empty());
  // A hop that is not an address ends the walk as bounded, printable text.
  EXPECT_EQ(resolve_client("127.0.0.1", {{}, "198.51.100.7, \"" + padding, {}, {}}, trusted).address,
            std::string(63, 'a'));  // the first 64 bytes, without the quote
  EXPECT_EQ(resolve_client("127.0.0.1", {{}, "[2001:db8::1]:443, 192.0.2.1:8080", {}, {}}, trusted).address, "192.0.2.1");
}

TEST(Forwarded, TheHeaderFamilyIsNamedInTheConfiguration) {
  EXPECT_EQ(parse_client_header("X-Forwarded-For"), ClientHeader::kXForwardedFor);
  EXPECT_EQ(parse_client_header("forwarded"), ClientHeader::kForwarded);
  EXPECT_FALSE(parse_client_header("x-real-ip"));
  EXPECT_EQ(to_string(ClientHeader::kForwarded), "forwarded");
  EXPECT_EQ(to_string(ClientHeader::kXForwardedFor), "x-forwarded-for");
}

// Issue 20.3: a proxy that forwards the path unchanged (base_path: /quota-gateway) and still says
// X-Forwarded-Prefix: /quota-gateway must not get the prefix twice in links.
TEST(Forwarded, AForwardedPrefixThePathAlreadyCarriesIsNotPrependedAgain) {
  EXPECT_EQ(link_prefix("/quota-gateway", "/quota-gateway"), "/quota-gateway");
  EXPECT_EQ(link_prefix("/quota-gateway", "/quota-gateway/v1"), "/quota-gateway/v1");
  EXPECT_EQ(link_prefix("/quota-gateway", ""), "/quota-gateway");        // the proxy strips it
  EXPECT_EQ(link_prefix("/api", "/quota-gateway"), "/api/quota-gateway");  // strips /api, keeps the rest
  EXPECT_EQ(link_prefix("/quota", "/quota-gateway"), "/quota/quota-gateway");  // whole segments only
  EXPECT_EQ(link_prefix("", "/quota-gateway"), "/quota-gateway");
  EXPECT_EQ(link_prefix("", ""), "");
}

}  // namespace
