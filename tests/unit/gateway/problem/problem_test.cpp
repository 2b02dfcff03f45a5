// The one table from failures to problem types, and the shapes built from it.

#include <set>

#include <gtest/gtest.h>

#include "gateway/problem/problem.hpp"

namespace {

using namespace qg;
using problem::Kind;

TEST(ProblemTable, EveryKindHasOneRowWithADistinctTypeAndAnErrorStatus) {
  std::set<std::string_view> slugs;
  for (const auto& row : problem::all()) {
    EXPECT_GE(row.status, 400u);
    EXPECT_LT(row.status, 600u);
    EXPECT_TRUE(slugs.insert(row.slug).second) << row.slug;
    EXPECT_EQ(problem::info(row.kind).slug, row.slug);
  }
  EXPECT_EQ(problem::info(Kind::kHeadersTooLarge).status, 431u);
  EXPECT_EQ(problem::info(Kind::kTooManyRequests).status, 429u);
  EXPECT_EQ(problem::type_uri(Kind::kUpstreamAuth), "https://quota-gateway.dev/problems/upstream-auth");
}

TEST(ProblemTable, CloudErrorsAndTheGatewaysOwnRefusalsMapToTheirRows) {
  auto upstream = problem::upstream_failure(adapters::make_error(adapters::ErrorKind::kThrottled, "slow down"));
  upstream.upstream.code = "RequestLimitExceeded";
  EXPECT_EQ(problem::kind_of(upstream), Kind::kUpstreamThrottled);
  EXPECT_EQ(problem::kind_name(upstream), "throttled");
  EXPECT_TRUE(upstream.retryable());
  const auto o = problem::source_problem(upstream);
  EXPECT_EQ(o.at("type").as_string(), "https://quota-gateway.dev/problems/upstream-throttled");
  EXPECT_EQ(o.at("provider_code").as_string(), "RequestLimitExceeded");
  EXPECT_EQ(o.at("status").to_number<int>(), 502);

  const auto open = problem::local_failure(problem::Local::kCircuitOpen, "paused");
  EXPECT_EQ(problem::kind_of(open), Kind::kCircuitOpen);
  EXPECT_EQ(problem::kind_name(open), "circuit_open");
  EXPECT_FALSE(open.retryable());
  EXPECT_TRUE(problem::source_problem(open).at("provider_code").is_null());
  const auto paced = problem::local_failure(problem::Local::kRateLimited, "no slot");
  EXPECT_EQ(problem::info(problem::kind_of(paced)).status, 504u);
}

TEST(ProblemTable, InvalidParamsAreCappedWithATotal) {
  std::vector<problem::InvalidParam> many;
  for (int i = 0; i < 500; ++i) many.push_back({"p" + std::to_string(i), "bad"});
  const auto o = problem::object(Kind::kInvalidParameters, "see invalid_params", many);
  EXPECT_EQ(o.at("invalid_params").as_array().size(), problem::kMaxInvalidParams);
  EXPECT_EQ(o.at("invalid_params_total").to_number<int>(), 500);
  const auto few = problem::object(Kind::kInvalidParameters, "x", {{"q", "bad"}});
  EXPECT_FALSE(few.contains("invalid_params_total"));
  const auto long_name = problem::object(Kind::kInvalidParameters, "x", {{std::string(1000, 'n'), "bad"}});
  EXPECT_LT(long_name.at("invalid_params").as_array()[0].at("name").as_string().size(), 200u);
}

}  // namespace
