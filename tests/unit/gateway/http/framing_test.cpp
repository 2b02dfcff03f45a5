// The request-head checks that keep one byte stream from being framed two ways, and what of a
// request may be shown in logs, labels and problems.

#include <gtest/gtest.h>

#include "gateway/http/display.hpp"
#include "gateway/http/framing.hpp"

namespace {

namespace beast_http = boost::beast::http;
using qg::http::check_framing;

beast_http::fields head(std::initializer_list<std::pair<std::string, std::string>> lines) {
  beast_http::fields f;
  for (const auto& [name, value] : lines) f.insert(name, value);
  return f;
}

TEST(Framing, OnlyAFinalSingleChunkedTransferEncodingIsAccepted) {
  EXPECT_FALSE(check_framing(head({{"Host", "x"}, {"Transfer-Encoding", "chunked"}}), 11).problem);
  EXPECT_FALSE(check_framing(head({{"Host", "x"}, {"Transfer-Encoding", "Chunked"}}), 11).problem);
  for (const char* te : {"chunked, identity", "identity", "xchunked", "gzip, chunked", "chunked, chunked", ""}) {
    EXPECT_TRUE(check_framing(head({{"Host", "x"}, {"Transfer-Encoding", te}}), 11).problem) << te;
  }
  // Split over two field lines, the codings still count as one list.
  EXPECT_TRUE(check_framing(head({{"Host", "x"}, {"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "chunked"}}), 11)
                  .problem);
}

TEST(Framing, TransferEncodingWithContentLengthIsRefused) {
  EXPECT_TRUE(
      check_framing(head({{"Host", "x"}, {"Transfer-Encoding", "chunked"}, {"Content-Length", "4"}}), 11).problem);
  EXPECT_FALSE(check_framing(head({{"Host", "x"}, {"Content-Length", "4"}}), 11).problem);
}

TEST(Framing, Http11NeedsExactlyOneHostAndHttp10WithChunkedCloses) {
  EXPECT_TRUE(check_framing(head({}), 11).problem);
  EXPECT_TRUE(check_framing(head({{"Host", "a"}, {"Host", "b"}}), 11).problem);
  EXPECT_TRUE(check_framing(head({{"Host", "a"}, {"Host", "b"}}), 10).problem);
  EXPECT_FALSE(check_framing(head({}), 10).problem);
  const auto old = check_framing(head({{"Transfer-Encoding", "chunked"}}), 10);
  EXPECT_FALSE(old.problem);
  EXPECT_TRUE(old.close_after);
  EXPECT_FALSE(check_framing(head({{"Host", "x"}, {"Transfer-Encoding", "chunked"}}), 11).close_after);
}

TEST(Display, BytesOutsidePrintableAsciiAreEscaped) {
  EXPECT_EQ(qg::http::printable("/quotas?q=a"), "/quotas?q=a");
  EXPECT_EQ(qg::http::printable("/no\xe2\x80\xaepe"), "/no%E2%80%AEpe");  // U+202E, a bidi override
  EXPECT_EQ(qg::http::printable("a\x85" "b\x1b[31m"), "a%85b%1B[31m");
  EXPECT_EQ(qg::http::printable("a b"), "a%20b");
  EXPECT_EQ(qg::http::printable(std::string(5000, 'x'), 64).size(), 64u);
}

TEST(Display, CredentialLookingQueryValuesAreRedacted) {
  EXPECT_EQ(qg::http::loggable_target("/quotas?api_key=s3cret&page_size=1"), "/quotas?api_key=***&page_size=1");
  EXPECT_EQ(qg::http::loggable_target("/quotas?q=x&TOKEN=abc&password=p"), "/quotas?q=x&TOKEN=***&password=***");
  EXPECT_EQ(qg::http::loggable_target("/quotas?keyword=x"), "/quotas?keyword=x");
  EXPECT_EQ(qg::http::loggable_target("/healthz"), "/healthz");
}

TEST(Display, MethodLabelsComeFromAClosedSet) {
  EXPECT_EQ(qg::http::method_label("GET"), "GET");
  EXPECT_EQ(qg::http::method_label("OPTIONS"), "OPTIONS");
  EXPECT_EQ(qg::http::method_label("M1AAAAAAAA"), "other");
  EXPECT_EQ(qg::http::method_label("get"), "other");
}

}  // namespace
