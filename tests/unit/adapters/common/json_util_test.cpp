#include <gtest/gtest.h>

#include "adapters/common/json_util.hpp"

namespace {

namespace j = qg::adapters::json;

TEST(JsonUtil, ReadsIntegersDefensively) {
  auto v = j::parse(R"({"a":1,"b":"281975","c":1.0,"d":1.5,"e":18446744073709551615,"f":"x","g":null,"h":true})");
  ASSERT_TRUE(v);
  const auto& o = v->as_object();
  EXPECT_EQ(j::get_int(o, "a"), 1);
  EXPECT_EQ(j::get_int(o, "b"), 281975);
  EXPECT_EQ(j::get_int(o, "c"), 1);
  EXPECT_FALSE(j::get_int(o, "d"));
  EXPECT_FALSE(j::get_int(o, "e"));  // does not fit int64: absent, not wrapped
  EXPECT_FALSE(j::get_int(o, "f"));
  EXPECT_FALSE(j::get_int(o, "g"));
  EXPECT_FALSE(j::get_int(o, "missing"));
  EXPECT_EQ(j::get_string(o, "a"), "1");
  EXPECT_FALSE(j::get_string(o, "g"));
  EXPECT_EQ(j::get_bool(o, "h"), true);
}

TEST(JsonUtil, TruncatedOrTrailingBodiesAreErrors) {
  EXPECT_FALSE(j::parse(R"({"Response":{"RequestId":"x")"));
  EXPECT_FALSE(j::parse(R"({} {})"));
  EXPECT_FALSE(j::parse(""));
  EXPECT_TRUE(j::parse(R"({"name":"口语评测"})"));
}

}  // namespace
