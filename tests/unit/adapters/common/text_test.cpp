// Text from outside shown safely: a cloud's error message is capped and its control characters,
// bidi marks and invalid bytes escaped, while ordinary (also Chinese) text stays as it is.

#include <gtest/gtest.h>

#include "adapters/common/text.hpp"
#include "adapters/common/upstream_error.hpp"

namespace {

using namespace qg::adapters;

TEST(DisplayableText, ControlsBidiMarksAndInvalidBytesAreEscapedTheRestKept) {
  EXPECT_EQ(displayable_text("plain ASCII, 套餐不存在", 512), "plain ASCII, 套餐不存在");
  EXPECT_EQ(displayable_text("a\r\nb\x1b[31m\x7f", 512), "a\\u000D\\u000Ab\\u001B[31m\\u007F");
  // U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 LEFT-TO-RIGHT ISOLATE, U+200B ZERO WIDTH SPACE, a C1 control.
  EXPECT_EQ(displayable_text("x\u202Ey\u2066z\u200Bw\u0085", 512), "x\\u202Ey\\u2066z\\u200Bw\\u0085");
  EXPECT_EQ(displayable_text(std::string("bad \xff\xc3 end"), 512), "bad \\xFF\\xC3 end");
  EXPECT_TRUE(unsafe_to_show(0x061C));
  EXPECT_FALSE(unsafe_to_show(U'套'));
}

TEST(DisplayableText, LongTextIsCutOnACharacterBoundaryAndSaysHowMuchWasCut) {
  const std::string huge(1 << 20, 'm');
  const std::string shown = displayable_text(huge, 512);
  EXPECT_EQ(shown, std::string(512, 'm') + " [\u2026 " + std::to_string((1 << 20) - 512) + " bytes cut]");
  // Three-byte characters: 170 fit in 512 bytes, the 171st would split.
  std::string chinese;
  for (int i = 0; i < 200; ++i) chinese += "套";
  const std::string cut = displayable_text(chinese, 512);
  EXPECT_EQ(cut.substr(0, 510), chinese.substr(0, 510));
  EXPECT_EQ(cut.substr(510), " [\u2026 90 bytes cut]");
  // An escape is never split either.
  EXPECT_EQ(displayable_text("ab\n", 4), "ab [\u2026 1 bytes cut]");
}

// Issue 24.5: a 1 MiB upstream error message made every /quotas answer 1-3 MB and reached logs
// and the CLI with its control characters.
TEST(DisplayableText, AnUpstreamErrorIsBoundedInEveryField) {
  UpstreamError e = make_error(ErrorKind::kPermanent, std::string(1 << 20, 'x') + "\u202E");
  e.code = "Code\n" + std::string(1000, 'c');
  e.request_id = std::string(1000, 'r');
  const UpstreamError shown = displayable(e);
  EXPECT_LE(shown.message.size(), kMaxErrorMessageBytes + 32);
  EXPECT_EQ(shown.message.find('\n'), std::string::npos);
  EXPECT_TRUE(shown.code.starts_with("Code\\u000A"));
  EXPECT_LE(shown.code.size(), 128u + 32);
  EXPECT_LE(shown.request_id.size(), 128u + 32);
  EXPECT_LE(describe(shown).size(), 1024u);
  EXPECT_EQ(shown.kind, e.kind);
}

}  // namespace
