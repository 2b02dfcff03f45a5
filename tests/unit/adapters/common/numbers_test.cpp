#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <regex>

#include <gtest/gtest.h>

#include "adapters/common/numbers.hpp"
#include "adapters/common/http_types.hpp"

namespace {

using qg::adapters::format_decimal;
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

// The significant digits of a decimal text (no sign, point, exponent, leading or trailing zeros).
std::string significant_digits(std::string text) {
  if (const auto e = text.find_first_of("eE"); e != std::string::npos) text.resize(e);
  std::string digits;
  for (const char c : text) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  digits.erase(0, digits.find_first_not_of('0'));
  digits.erase(digits.find_last_not_of('0') + 1);
  return digits;
}

// What every printed number must be: `-?digits[.digits]`, read back as the same double, with no
// more significant digits than the shortest round-trip form (std::to_chars scientific) has.
void expect_shortest_plain_decimal(double value) {
  static const std::regex kPlain(R"(-?\d+(\.\d+)?)");
  const std::string text = format_decimal(value);
  ASSERT_TRUE(std::regex_match(text, kPlain)) << text;
  double back = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), back);
  ASSERT_TRUE(ec == std::errc() && ptr == text.data() + text.size()) << text;
  EXPECT_EQ(back, value) << text;
  // parse_decimal reads what format_decimal writes (within its length limit; it refuses denormals).
  if (text.size() <= 64 && std::fpclassify(value) != FP_SUBNORMAL) EXPECT_EQ(parse_decimal(text), value) << text;
  char shortest[64];
  const auto end = std::to_chars(shortest, shortest + sizeof shortest, value, std::chars_format::scientific).ptr;
  EXPECT_EQ(significant_digits(text), significant_digits(std::string(shortest, end))) << text;
}

TEST(Numbers, PrintedAsPeopleWriteThem) {
  EXPECT_EQ(format_decimal(0.99), "0.99");
  EXPECT_EQ(format_decimal(1.0), "1");
  EXPECT_EQ(format_decimal(0.0), "0");
  EXPECT_EQ(format_decimal(-0.0), "0");
  EXPECT_EQ(format_decimal(0.998), "0.998");
  EXPECT_EQ(format_decimal(-2.5), "-2.5");
  EXPECT_EQ(format_decimal(1234.5), "1234.5");
  EXPECT_EQ(format_decimal(0.000125), "0.000125");
  EXPECT_EQ(format_decimal(1e-7), "0.0000001");
  EXPECT_EQ(format_decimal(0.1 + 0.2), "0.30000000000000004");  // the shortest form that reads back
  EXPECT_EQ(format_decimal(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(format_decimal(1e21), "1000000000000000000000");
  EXPECT_EQ(format_decimal(1e23), "100000000000000000000000");  // not its binary value, 99999999999999991611392
  EXPECT_EQ(format_decimal(-1.5e-10), "-0.00000000015");
  EXPECT_EQ(format_decimal(123456.789), "123456.789");
  EXPECT_EQ(format_decimal(1796000000.0), "1796000000");
  EXPECT_EQ(format_decimal(9007199254740993.0), "9007199254740992");  // 2^53 + 1 is not a double
  EXPECT_EQ(format_decimal(std::numeric_limits<double>::infinity()), "");
  EXPECT_EQ(format_decimal(-std::numeric_limits<double>::infinity()), "");
  EXPECT_EQ(format_decimal(std::numeric_limits<double>::quiet_NaN()), "");
  std::string appended = "x=";
  qg::adapters::append_decimal(appended, 0.5);
  EXPECT_EQ(appended, "x=0.5");
}

TEST(Numbers, EveryFiniteDoubleIsAPlainDecimalThatReadsBackTheSame) {
  for (double v : {0.0, 1.0, -1.0, 0.99, 0.1, 1e-300, 1e300, 123456789012345680.0, 5e-324,
                   std::numeric_limits<double>::min(), std::numeric_limits<double>::max(),
                   std::numeric_limits<double>::lowest(), std::numeric_limits<double>::denorm_min(),
                   std::numeric_limits<double>::epsilon(), 1.0 - std::numeric_limits<double>::epsilon() / 2}) {
    expect_shortest_plain_decimal(v);
  }
  // Ratios as utilization computes them (used / total), and arbitrary bit patterns.
  for (std::int64_t total = 1; total <= 400; ++total) {
    for (std::int64_t used = 0; used <= total; used += 7) {
      expect_shortest_plain_decimal(static_cast<double>(used) / static_cast<double>(total));
    }
  }
  std::mt19937_64 bits(20261207);
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t pattern = bits();
    double v = 0;
    std::memcpy(&v, &pattern, sizeof v);
    if (!std::isfinite(v)) continue;
    expect_shortest_plain_decimal(v);
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
