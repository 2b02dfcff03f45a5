// JSON as the gateway prints it: doubles as plain shortest decimals (`0.99`, `1`, `0`, never
// `9.9E-1`), everything else byte for byte what Boost.JSON writes, and the text parses back to
// the same value.

#include <cmath>
#include <limits>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "adapters/common/json_write.hpp"

namespace {

namespace json = boost::json;
namespace written = qg::adapters::json;  // qualified: boost::json::serialize is found by ADL too

TEST(JsonWrite, DoublesArePlainShortestDecimals) {
  const json::object o{{"utilization", 0.99}, {"full", 1.0}, {"unused", 0.0}, {"rate", -12.5}, {"tiny", 1e-7}};
  EXPECT_EQ(written::serialize(o), R"({"utilization":0.99,"full":1,"unused":0,"rate":-12.5,"tiny":0.0000001})");
  EXPECT_EQ(json::serialize(json::value(0.99)), "9.9E-1");  // what this replaces
  EXPECT_EQ(written::serialize(json::value(std::numeric_limits<double>::quiet_NaN())), "null");
  EXPECT_EQ(written::serialize(json::value(std::numeric_limits<double>::infinity())), "null");
}

TEST(JsonWrite, EverythingButDoublesIsWhatBoostWrites) {
  std::string control;
  for (int c = 0; c < 0x20; ++c) control.push_back(static_cast<char>(c));
  const json::value doc = json::parse(R"({"s":"plain","q":"a \"quoted\" \\ back\/slash","u":"名前 ünïcode",)"
                                      R"("n":null,"t":true,"f":false,"i":-9223372036854775808,)"
                                      R"("big":18446744073709551615,"a":[1,[2,{}],[],{"k":"v"}],"e":""})");
  EXPECT_EQ(written::serialize(doc), json::serialize(doc));
  const json::value controls(control + "\x7f");
  EXPECT_EQ(written::serialize(controls), json::serialize(controls));
  EXPECT_EQ(written::serialize(json::array{}), "[]");
  EXPECT_EQ(written::serialize(json::object{}), "{}");
}

TEST(JsonWrite, TheTextParsesBackToTheSameValue) {
  // (Extreme magnitudes are numbers_test's: Boost.JSON 1.81 reads a 300-digit number imprecisely.)
  const json::value doc{{"items", json::array{json::object{{"u", 1.0 / 3}, {"x", 1e-7}, {"m", 123456.789}},
                                              json::object{{"u", 0.1 + 0.2}, {"n", "new\nline"}}}},
                        {"total", 3}};
  const json::value back = json::parse(written::serialize(doc));
  EXPECT_EQ(back, doc);
}

}  // namespace
