#include <gtest/gtest.h>

#include "adapters/common/numbers.hpp"
#include "adapters/common/http_types.hpp"

namespace {

using qg::adapters::parse_decimal;
using qg::adapters::parse_integer;

TEST(Numbers, DecimalsAreWhatTheyLookLike) {
  EXPECT_EQ(parse_decimal("0.5"), 0.5);
  EXPECT_EQ(parse_decimal("-2"), -2.0);
  EXPECT_EQ(parse_decimal("1e3"), 1000.0);
  EXPECT_EQ(parse_decimal("0"), 0.0);
  EXPECT_EQ(parse_decimal("0.000"), 0.0);
  for (const char* bad : {"0x1p-1", " 0.5", "0.5 ", "+1", "1e-400", "1e400", "inf", "nan", ".5", "5.", "1e", "", "1,5"}) {
    EXPECT_FALSE(parse_decimal(bad)) << bad;
  }
}

TEST(Numbers, IntegersAreDigitsOnly) {
  EXPECT_EQ(parse_integer("42"), 42);
  EXPECT_EQ(parse_integer("-7"), -7);
  for (const char* bad : {" 1", "1 ", "+1", "0x10", "1.0", "99999999999999999999", "-", ""}) {
    EXPECT_FALSE(parse_integer(bad)) << bad;
  }
}

TEST(Urls, UserInfoIsRedactedAndLoopbackIsRecognised) {
  EXPECT_EQ(qg::adapters::redact_url("http://user:TOPSECRET@host:8080/x"), "http://***@host:8080/x");
  EXPECT_EQ(qg::adapters::redact_url("redis://:pw@h:6379/0"), "redis://***@h:6379/0");
  EXPECT_EQ(qg::adapters::redact_url("https://host/p@th"), "https://host/p@th");
  EXPECT_EQ(qg::adapters::redact_url("https://host"), "https://host");
  EXPECT_TRUE(qg::adapters::is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(qg::adapters::is_loopback_host("127.1.2.3"));
  EXPECT_TRUE(qg::adapters::is_loopback_host("localhost"));
  EXPECT_TRUE(qg::adapters::is_loopback_host("::1"));
  EXPECT_FALSE(qg::adapters::is_loopback_host("127.example.com"));
  EXPECT_FALSE(qg::adapters::is_loopback_host("10.0.0.1"));
}

}  // namespace
