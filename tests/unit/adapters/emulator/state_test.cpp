// The small pure pieces of state: sliding windows, the nonce store, fault plans and their JSON.

#include <variant>

#include <gtest/gtest.h>

#include "adapters/emulator/faults.hpp"
#include "adapters/emulator/nonce_store.hpp"
#include "adapters/emulator/rate_window.hpp"

namespace qg::emulator {
namespace {

using std::chrono::milliseconds;
const SteadyTime kT0 = SteadyTime{} + std::chrono::hours(1);

TEST(ArrivalWindow, ArrivalsExactlyOneSecondApartAreNotInTheSameWindow) {
  ArrivalWindow w;
  for (int i = 0; i < 20; ++i) w.arrive(kT0 + milliseconds(i * 50));  // 0 .. 950 ms
  EXPECT_EQ(w.max_in_any_second(), 20u);
  w.arrive(kT0 + milliseconds(1000));  // the one at 0 ms has left
  EXPECT_EQ(w.max_in_any_second(), 20u);
  w.arrive(kT0 + milliseconds(1001));
  EXPECT_EQ(w.max_in_any_second(), 21u);
}

TEST(RateLimiter, FractionalRatesStretchTheWindow) {
  RateLimiter half;
  EXPECT_TRUE(half.admit(kT0, 0.5).admitted);
  const auto refused = half.admit(kT0 + milliseconds(1500), 0.5);
  EXPECT_FALSE(refused.admitted);
  EXPECT_EQ(refused.retry_after, milliseconds(500));
  EXPECT_EQ(refused.capacity, 1u);
  EXPECT_TRUE(half.admit(kT0 + milliseconds(2000), 0.5).admitted);

  RateLimiter unlimited;
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(unlimited.admit(kT0, 0).admitted);
}

TEST(RateLimiter, LoweringTheRateTakesEffectAtOnce) {
  RateLimiter l;
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(l.admit(kT0 + milliseconds(i), 50).admitted);
  const auto d = l.admit(kT0 + milliseconds(20), 2);
  EXPECT_FALSE(d.admitted);
  EXPECT_EQ(d.retry_after, milliseconds(988));  // the older of the last two admissions (8 ms) leaves at 1008 ms
}

TEST(NonceStore, RemembersPerAccessKeyUntilExpiryWithinACapacity) {
  NonceStore s(3);
  EXPECT_TRUE(s.use("AK1", "n", 100, 0));
  EXPECT_FALSE(s.use("AK1", "n", 100, 50));
  EXPECT_TRUE(s.use("AK2", "n", 100, 50));  // another key's nonce space
  EXPECT_TRUE(s.use("AK1", "n", 200, 101));  // expired: its request's date check now refuses a replay
  EXPECT_TRUE(s.use("AK1", "a", 300, 101));
  EXPECT_TRUE(s.use("AK1", "b", 400, 101));
  EXPECT_TRUE(s.use("AK1", "c", 500, 101));  // evicts the one closest to expiry
  EXPECT_EQ(s.size(), 3u);
  EXPECT_FALSE(s.use("AK1", "c", 500, 102));
}

TEST(Faults, EveryNthCallFromOne) {
  const Faults f{.fail_every = 3, .truncate_every = 2};
  std::vector<int> fails, truncates;
  for (std::uint64_t n = 1; n <= 6; ++n) {
    const auto p = plan_call(f, n);
    fails.push_back(p.fail);
    truncates.push_back(p.truncate);
  }
  EXPECT_EQ(fails, (std::vector<int>{0, 0, 1, 0, 0, 1}));
  EXPECT_EQ(truncates, (std::vector<int>{0, 1, 0, 1, 0, 1}));
  EXPECT_FALSE(plan_call(Faults{}, 1).fail);
}

TEST(Faults, JsonRoundTripAndStrictParsing) {
  const auto parsed = parse_faults(
      R"({"api":"tencent-live","latency_ms":5,"fail_every":3,"fail_code":"InternalError","fail_status":0,)"
      R"("truncate_every":0,"invalid_json_every":4,"disconnect_every":0,"hang":false,"rate_limit":20})");
  ASSERT_TRUE(std::holds_alternative<FaultsUpdate>(parsed)) << std::get<std::string>(parsed);
  const auto& u = std::get<FaultsUpdate>(parsed);
  EXPECT_EQ(u.api, Api::kTencentLive);
  EXPECT_EQ(u.faults.latency_ms, 5);
  EXPECT_EQ(u.faults.invalid_json_every, 4);
  EXPECT_EQ(u.faults.rate_limit, 20.0);
  const auto json = to_json(u.faults);
  EXPECT_EQ(json.at("fail_every").as_int64(), 3);
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_faults(R"({"api":"alibaba-ice","hang":1})")));
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_faults(R"({"api":"alibaba-ice","fail_code":""})")));
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_faults(R"({"api":"alibaba-ice","rate_limit":-1})")));
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_faults(R"({"fail_every":1})")));
  EXPECT_EQ(std::get<FaultsUpdate>(parse_faults(R"({"api":"alibaba-aicontent"})")).faults, Faults{});
}

TEST(Faults, AlibabaStatusFollowsTheCode) {
  auto status = [](std::string code) { return alibaba_fail_status(Faults{.fail_code = std::move(code)}, 429); };
  EXPECT_EQ(status("ServiceUnavailable"), 503u);
  EXPECT_EQ(status("InternalError"), 500u);
  EXPECT_EQ(status("Throttling.User"), 429u);
  EXPECT_EQ(status("InvalidAccessKeyId.NotFound"), 404u);
  EXPECT_EQ(status("Forbidden.RAM"), 403u);
  EXPECT_EQ(status("SignatureDoesNotMatch"), 400u);
  EXPECT_EQ(status("SomethingElse"), 500u);
}

}  // namespace
}  // namespace qg::emulator
