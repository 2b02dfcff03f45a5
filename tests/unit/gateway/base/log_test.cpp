#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "gateway/base/log.hpp"

namespace {

using qg::base::LogField;

TEST(JsonEscape, EscapesWhatJsonRequiresAndKeepsUtf8) {
  EXPECT_EQ(qg::base::json_escape("plain"), "plain");
  EXPECT_EQ(qg::base::json_escape("a\"b\\c"), "a\\\"b\\\\c");
  EXPECT_EQ(qg::base::json_escape("l1\nl2\r\t"), "l1\\nl2\\r\\t");
  EXPECT_EQ(qg::base::json_escape(std::string_view("\x01\x1f", 2)), "\\u0001\\u001f");
  EXPECT_EQ(qg::base::json_escape("口语评测"), "口语评测");
  std::string out = "x";
  qg::base::append_json_escaped(out, "\"");
  EXPECT_EQ(out, "x\\\"");
}

TEST(LogField, NumbersAreFormattedInPlaceAndTextIsViewed) {
  EXPECT_EQ(LogField("n", 42).value(), "42");
  EXPECT_EQ(LogField("n", std::size_t{18446744073709551615u}).value(), "18446744073709551615");
  EXPECT_EQ(LogField("ms", 1.23456).value(), "1.235");
  EXPECT_EQ(LogField("ms", 0.0).value(), "0.000");
  EXPECT_EQ(LogField("b", true).value(), "true");
  EXPECT_FALSE(LogField("n", 1).quoted);
  const std::string text = "value";
  EXPECT_EQ(LogField("s", text).value().data(), text.data());
  EXPECT_TRUE(LogField("s", text).quoted);
  const LogField copy = LogField("n", 7);  // a copy keeps its own digits
  EXPECT_EQ(copy.value(), "7");
}

TEST(Log, JsonLinesAreValidJsonWithEveryField) {
  qg::base::setup_logging({"info", qg::base::LogFormat::kJson});
  testing::internal::CaptureStderr();
  qg::base::log_info("request", {{"target", "/quotas?q=\"x\"\n"}, {"status", 200}, {"duration_ms", 0.5}});
  qg::base::log_debug("not shown at info");
  spdlog::default_logger()->flush();
  const std::string out = testing::internal::GetCapturedStderr();
  ASSERT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
  const auto line = boost::json::parse(out).as_object();
  EXPECT_EQ(line.at("msg").as_string(), "request");
  EXPECT_EQ(line.at("level").as_string(), "info");
  EXPECT_EQ(line.at("target").as_string(), "/quotas?q=\"x\"\n");
  EXPECT_EQ(line.at("status").to_number<int>(), 200);
  EXPECT_DOUBLE_EQ(line.at("duration_ms").to_number<double>(), 0.5);
}

TEST(Log, TextLinesQuoteOnlyWhatNeedsIt) {
  qg::base::setup_logging({"info", qg::base::LogFormat::kText});
  testing::internal::CaptureStderr();
  qg::base::log_info("request", {{"route", "/quotas"}, {"summary", "sources=3 ok=3"}, {"status", 200}});
  spdlog::default_logger()->flush();
  const std::string out = testing::internal::GetCapturedStderr();
  EXPECT_NE(out.find("request route=/quotas summary=\"sources=3 ok=3\" status=200"), std::string::npos) << out;
}

}  // namespace
