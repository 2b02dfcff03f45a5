#include <gtest/gtest.h>

#include "gateway/quotas/answer_cache.hpp"

namespace {

using qg::quotas::AnswerCache;
using qg::quotas::Rendered;

std::shared_ptr<const Rendered> rendered(std::string body) {
  auto r = std::make_shared<Rendered>();
  r->head = std::make_shared<const std::string>(std::move(body));
  return r;
}

TEST(AnswerCache, HitsOnlyForTheStateItWasRenderedFor) {
  AnswerCache cache(1 << 20);
  auto a = rendered("answer at state 1");
  cache.insert("j-status=active", "acct:0:1:5|", a);
  EXPECT_EQ(cache.find("j-status=active", "acct:0:1:5|"), a);
  EXPECT_EQ(cache.find("j-status=active", "acct:0:1:6|"), nullptr);
  EXPECT_EQ(cache.find("c-status=active", "acct:0:1:5|"), nullptr);
}

TEST(AnswerCache, ANewStateReplacesTheVariantsEntryInsteadOfAddingOne) {
  AnswerCache cache(1 << 20);
  for (int second = 0; second < 10'000; ++second) {
    cache.insert("j-", "acct:0:1:" + std::to_string(second) + "|", rendered(std::string(1000, 'x')));
  }
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_LT(cache.bytes(), 2000u);
  EXPECT_NE(cache.find("j-", "acct:0:1:9999|"), nullptr);
}

TEST(AnswerCache, ManyVariantsStayWithinTheByteCap) {
  const std::size_t cap = 64 * 1024;
  AnswerCache cache(cap);
  for (int i = 0; i < 5'000; ++i) {
    cache.insert("j-q=" + std::to_string(i), "s", rendered(std::string(500, 'x')));
    ASSERT_LE(cache.bytes(), cap);
  }
  EXPECT_GT(cache.size(), 0u);
  EXPECT_NE(cache.find("j-q=4999", "s"), nullptr);  // the newest one survives a restart
}

TEST(AnswerCache, AnAnswerLargerThanTheCacheIsNotKept) {
  AnswerCache cache(4096);
  cache.insert("small", "s", rendered("ok"));
  cache.insert("huge", "s", rendered(std::string(10'000, 'x')));
  EXPECT_EQ(cache.find("huge", "s"), nullptr);
  EXPECT_NE(cache.find("small", "s"), nullptr);
}

}  // namespace

namespace {

TEST(VariantCache, KnowsAVariantWhateverItsState) {
  AnswerCache cache(1 << 20);
  EXPECT_FALSE(cache.contains("j-"));
  cache.insert("j-", "s1", rendered("a"));
  EXPECT_TRUE(cache.contains("j-"));
  EXPECT_EQ(cache.find("j-", "s2"), nullptr);
  EXPECT_TRUE(cache.contains("j-"));
}

}  // namespace
