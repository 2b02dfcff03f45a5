// Forwarded headers count only from trusted proxies: the client is the first untrusted hop from
// the right, Forwarded wins over X-Forwarded-*, prefixes are validated, CIDRs match by prefix.

#include <gtest/gtest.h>

#include "gateway/http/forwarded.hpp"

namespace {

using namespace qg::http;

std::vector<Cidr> cidrs(std::initializer_list<const char*> list) {
  std::vector<Cidr> out;
  for (const char* c : list) {
    auto parsed = parse_cidr(c);
    EXPECT_TRUE(parsed) << c;
    if (parsed) out.push_back(*parsed);
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

TEST(Forwarded, Rfc7239WinsAndItsQuotedIpv6AndPortsAreRead) {
  const auto trusted = cidrs({"10.0.0.0/8"});
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

}  // namespace
