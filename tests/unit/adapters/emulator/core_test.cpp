// EmulatorCore in injected time: routing, throttling windows, nonce replay, faults, statistics
// and the control endpoints, without sockets and without sleeping.

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "adapters/emulator/core.hpp"
#include "tests/unit/adapters/emulator/requests.hpp"

namespace qg::emulator {
namespace {

using namespace testing;
using std::chrono::milliseconds;
namespace json = boost::json;

Instant at(milliseconds since_start, std::int64_t unix_seconds = kNow) {
  return {unix_seconds, SteadyTime{} + std::chrono::hours(1) + since_start};
}

EmulatorOptions options() {
  EmulatorOptions o;
  o.tencent_credentials = {kTencent};
  o.alibaba_credentials = {kAlibaba};
  o.control_plane = true;
  o.data_epoch = kNow;
  return o;
}

std::string code(const WireResponse& r) { return r.error_code.empty() ? "ok" : r.error_code; }

WireRequest control(std::string method, std::string path, std::string body = {}, std::string host = "127.0.0.1:9000") {
  WireRequest w;
  w.method = std::move(method);
  w.target = std::move(path);
  split_target(w);
  w.body = std::move(body);
  w.headers.emplace_back("Host", std::move(host));
  return w;
}

TEST(EmulatorCore, TencentAdmitsTwentyPerRollingSecondAndRefusalsDoNotUseTheBudget) {
  EmulatorCore core(options());
  const auto request = tencent_body(R"({"PackageType":0})");
  int limited = 0;
  for (int i = 0; i < 25; ++i) {
    const auto r = core.handle(request, at(milliseconds(i)));
    EXPECT_EQ(r.status, 200u);
    limited += code(r) == "RequestLimitExceeded";
  }
  EXPECT_EQ(limited, 5);
  EXPECT_EQ(code(core.handle(request, at(milliseconds(999)))), "RequestLimitExceeded");
  // The first admission (t=0) leaves the window at t=1000; the refused ones never counted.
  EXPECT_EQ(code(core.handle(request, at(milliseconds(1000)))), "ok");
  EXPECT_EQ(code(core.handle(request, at(milliseconds(1001)))), "ok");

  const auto s = core.stats().api(Api::kTencentLive);
  EXPECT_EQ(s.calls, 28u);
  EXPECT_EQ(s.accepted, 22u);
  EXPECT_EQ(s.errors.at("RequestLimitExceeded"), 6u);
  const auto& cred = s.credentials.at(kTencent.id);
  EXPECT_EQ(cred.requests, 28u);
  // Every arrival counts, refused or not: 25 in [0, 24] ms, then 26 in (0, 999], (0, 1000] ...
  EXPECT_EQ(cred.max_in_any_1s_window, 26u);
}

TEST(EmulatorCore, AlibabaThrottlingCarriesTheRetryHintAndTheConfiguredStatus) {
  auto o = options();
  o.alibaba_rate_limit = 2;
  o.alibaba_throttle_status = 400;
  EmulatorCore core(o);
  EXPECT_EQ(code(core.handle(ice_request({}, "a"), at(milliseconds(0)))), "ok");
  EXPECT_EQ(code(core.handle(ice_request({}, "b"), at(milliseconds(50)))), "ok");
  const auto r = core.handle(ice_request({}, "c"), at(milliseconds(100)));
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(code(r), "Throttling.User");
  std::string hint;
  for (const auto& [k, v] : r.headers) {
    if (k == "x-ratelimit-user-api") hint = v;
  }
  EXPECT_EQ(hint, "Limit:2,Remain:0,TimeLeft:900,Reset:" + std::to_string(kNow + 1));
  const auto body = json::parse(r.body).as_object();
  EXPECT_EQ(body.at("Code").as_string(), "Throttling.User");
  for (const char* k : {"RequestId", "HostId", "Message", "Recommend"}) EXPECT_TRUE(body.contains(k)) << k;
  // A lower limit through the faults replaces the configured one.
  core.set_faults(Api::kAlibabaAicontent, Faults{.rate_limit = 1.0});
  EXPECT_EQ(code(core.handle(aicontent_request({}, "d"), at(milliseconds(0)))), "ok");
  EXPECT_EQ(core.handle(aicontent_request({}, "e"), at(milliseconds(10))).status, 400u);
}

TEST(EmulatorCore, ANonceIsSpentOnlyByAVerifiedRequest) {
  EmulatorCore core(options());
  auto forged = ice_request({}, "n1");
  set_header(forged, "x-acs-extra", "unsigned");
  EXPECT_EQ(code(core.handle(forged, at(milliseconds(0)))), "IncompleteSignature");
  EXPECT_EQ(code(core.handle(ice_request({}, "n1"), at(milliseconds(1)))), "ok");
  const auto replay = core.handle(ice_request({}, "n1"), at(milliseconds(2)));
  EXPECT_EQ(replay.status, 400u);
  EXPECT_EQ(code(replay), "SignatureNonceUsed");
  core.reset();
  EXPECT_EQ(code(core.handle(ice_request({}, "n1"), at(milliseconds(3)))), "ok");
}

TEST(EmulatorCore, RoutesLikeTheCloudsAndRefusesWrongActionsAndVersions) {
  EmulatorCore core(options());
  Tc3Options action;
  action.action = "DescribeLiveStreams";
  EXPECT_EQ(code(core.handle(tc3_request(action), at({}))), "InvalidAction");
  Tc3Options version;
  version.version = "2017-03-12";
  EXPECT_EQ(code(core.handle(tc3_request(version), at({}))), "NoSuchVersion");
  Acs3Options unknown;
  unknown.action = "DescribeRegions";
  const auto not_found = core.handle(acs3_request(unknown), at({}));
  EXPECT_EQ(not_found.status, 404u);
  EXPECT_EQ(code(not_found), "InvalidAction.NotFound");
  Acs3Options ice_version;
  ice_version.version = "2020-11-10";
  EXPECT_EQ(core.handle(acs3_request(ice_version), at({})).status, 400u);
  auto post = aicontent_request({}, "p");
  post.method = "POST";
  EXPECT_EQ(code(core.handle(post, at({}))), "InvalidAction.NotFound");
  EXPECT_EQ(core.handle(control("GET", "/"), at({})).status, 404u);
  EXPECT_EQ(core.stats().api(Api::kTencentLive).calls, 2u);
}

TEST(EmulatorCore, FailEveryCountsFromWhenTheFaultsWereSet) {
  EmulatorCore core(options());
  const auto request = tencent_body(R"({"PackageType":2})");
  for (int i = 0; i < 2; ++i) EXPECT_EQ(code(core.handle(request, at(milliseconds(i)))), "ok");
  core.set_faults(Api::kTencentLive, Faults{.fail_every = 3, .fail_code = "InternalError"});
  std::vector<std::string> codes;
  for (int i = 0; i < 6; ++i) codes.push_back(code(core.handle(request, at(milliseconds(10 + i)))));
  EXPECT_EQ(codes, (std::vector<std::string>{"ok", "ok", "InternalError", "ok", "ok", "InternalError"}));
  EXPECT_EQ(core.stats().api(Api::kTencentLive).errors.at("InternalError"), 2u);

  core.set_faults(Api::kAlibabaIce, Faults{.fail_every = 1, .fail_code = "ServiceUnavailable"});
  EXPECT_EQ(core.handle(ice_request({}, "x"), at({})).status, 503u);
  core.set_faults(Api::kAlibabaIce, Faults{.fail_every = 1, .fail_code = "Forbidden.RAM", .fail_status = 418});
  EXPECT_EQ(core.handle(ice_request({}, "y"), at({})).status, 418u);
  core.set_faults(Api::kAlibabaAicontent, Faults{.fail_every = 1, .fail_code = "Server.Internal.UnknownError"});
  const auto app = core.handle(aicontent_request({}, "z"), at({}));
  EXPECT_EQ(app.status, 500u);
  EXPECT_EQ(json::parse(app.body).at("errCode").as_string(), "Server.Internal.UnknownError");
  core.set_faults(Api::kTencentLive, Faults{.fail_every = 1, .fail_status = 502});
  EXPECT_EQ(core.handle(request, at(milliseconds(100))).status, 502u);
}

TEST(EmulatorCore, BodyAndTransportFaultsSpoilOnlyDataAnswers) {
  EmulatorCore core(options());
  const auto request = tencent_body(R"({"PackageType":2})");
  const auto full = core.handle(request, at(milliseconds(0)));
  core.set_faults(Api::kTencentLive, Faults{.latency_ms = 40, .truncate_every = 1});
  const auto cut = core.handle(request, at(milliseconds(1)));
  EXPECT_EQ(cut.latency, milliseconds(40));
  EXPECT_NEAR(static_cast<double>(cut.body.size()), full.body.size() / 2.0, 40.0);
  EXPECT_TRUE(full.body.starts_with(cut.body.substr(0, 30)));
  boost::system::error_code ec;
  json::parse(cut.body, ec);
  EXPECT_TRUE(ec);
  core.set_faults(Api::kTencentLive, Faults{.invalid_json_every = 1});
  EXPECT_TRUE(core.handle(request, at(milliseconds(2))).body.starts_with("<html>"));
  core.set_faults(Api::kTencentLive, Faults{.disconnect_every = 1});
  EXPECT_TRUE(core.handle(request, at(milliseconds(3))).disconnect);
  // An error answer stays intact whatever the body faults say.
  EXPECT_EQ(code(core.handle(tencent_body("{}"), at(milliseconds(4)))), "MissingParameter");
  core.set_faults(Api::kTencentLive, Faults{.hang = true});
  EXPECT_TRUE(core.handle(request, at(milliseconds(5))).hang);

  const auto s = core.stats().api(Api::kTencentLive);
  EXPECT_EQ(s.accepted, 1u);
  EXPECT_EQ(s.errors.at("(truncated)"), 1u);
  EXPECT_EQ(s.errors.at("(invalid_json)"), 1u);
  EXPECT_EQ(s.errors.at("(disconnected)"), 1u);
  EXPECT_EQ(s.hung, 1u);
  EXPECT_EQ(s.calls, 6u);
}

TEST(EmulatorCore, EveryArrivalIsAttributedToTheCredentialItNames) {
  EmulatorCore core(options());
  Tc3Options wrong_key;
  wrong_key.credential.secret = "wrong";
  core.handle(tc3_request(wrong_key), at({}));
  Tc3Options stranger;
  stranger.credential = {"AKIDstranger", "x"};
  core.handle(tc3_request(stranger), at({}));
  auto garbage = tencent_body("{}");
  set_header(garbage, "Authorization", "nonsense");
  core.handle(garbage, at({}));
  const auto s = core.stats();
  const auto& live = s.api(Api::kTencentLive);
  EXPECT_EQ(live.credentials.at(kTencent.id).errors.at("AuthFailure.SignatureFailure"), 1u);
  EXPECT_EQ(live.credentials.at(std::string(kUnknownCredential)).requests, 2u);

  const auto j = s.to_json();
  const auto& api = j.at("apis").at("tencent-live").as_object();
  for (const char* k : {"calls", "accepted", "errors", "hung", "max_in_any_1s_window", "credentials"}) {
    EXPECT_TRUE(api.contains(k)) << k;
  }
  const auto& cred = api.at("credentials").at(kTencent.id).as_object();
  for (const char* k : {"requests", "accepted", "errors", "max_in_any_1s_window"}) EXPECT_TRUE(cred.contains(k)) << k;
  EXPECT_EQ(j.at("dataset").at("tencent_live").as_uint64(), 500u);
  EXPECT_TRUE(j.at("apis").as_object().contains("alibaba-ice"));
  EXPECT_TRUE(j.at("apis").as_object().contains("alibaba-aicontent"));
}

TEST(EmulatorCore, CallTimesAreOnTheEmulatorsClockFromItsFirstCall) {
  EmulatorCore core(options());
  core.handle(ice_request({}, "a"), at(milliseconds(500)));
  core.handle(tencent_body(R"({"PackageType":0})"), at(milliseconds(700)));
  core.handle(tencent_body(R"({"PackageType":0})"), at(milliseconds(2700)));
  const auto s = core.stats();
  EXPECT_EQ(s.api(Api::kAlibabaIce).call_times_ms, (std::vector<std::int64_t>{0}));
  EXPECT_EQ(s.api(Api::kTencentLive).call_times_ms, (std::vector<std::int64_t>{200, 2200}));
  EXPECT_EQ(s.to_json().at("apis").at("tencent-live").at("call_times_ms"), json::array({200, 2200}));
  // A reset starts the timeline again at the next call.
  core.handle(control("POST", "/__emulator/reset"), at(milliseconds(3000)));
  core.handle(tencent_body(R"({"PackageType":0})"), at(milliseconds(4000)));
  EXPECT_EQ(core.stats().api(Api::kTencentLive).call_times_ms, (std::vector<std::int64_t>{0}));
}

TEST(StatsRecorder, KeepsTheTimesOfTheLatestCallsOnly) {
  StatsRecorder recorder;
  for (std::size_t i = 0; i <= kTimelineCalls; ++i) {
    recorder.arrive(Api::kTencentLive, "id", SteadyTime{} + milliseconds(i), kNow);
  }
  const auto times = recorder.snapshot({}).api(Api::kTencentLive).call_times_ms;
  ASSERT_EQ(times.size(), kTimelineCalls);
  EXPECT_EQ(times.front(), 1);
  EXPECT_EQ(times.back(), static_cast<std::int64_t>(kTimelineCalls));
}

TEST(EmulatorCore, ControlEndpoints) {
  EmulatorCore core(options());
  auto set = core.handle(control("POST", "/__emulator/faults", R"({"api":"alibaba-ice","fail_every":2,"hang":false})"), at({}));
  EXPECT_EQ(set.status, 200u) << set.body;
  EXPECT_EQ(core.faults(Api::kAlibabaIce).fail_every, 2);
  const auto all = json::parse(core.handle(control("GET", "/__emulator/faults"), at({})).body);
  EXPECT_EQ(all.at("alibaba-ice").at("fail_every").as_int64(), 2);
  EXPECT_EQ(core.handle(control("POST", "/__emulator/faults", R"({"api":"alibaba-ice","fail_evry":2})"), at({})).status, 400u);
  EXPECT_EQ(core.handle(control("POST", "/__emulator/faults", R"({"api":"nope"})"), at({})).status, 400u);
  EXPECT_EQ(core.handle(control("POST", "/__emulator/faults", R"({"api":"alibaba-ice","fail_every":-1})"), at({})).status, 400u);
  EXPECT_EQ(core.handle(control("POST", "/__emulator/faults", "not json"), at({})).status, 400u);

  core.handle(ice_request({}, "q"), at({}));
  const auto stats = json::parse(core.handle(control("GET", "/__emulator/stats"), at({})).body);
  EXPECT_EQ(stats.at("apis").at("alibaba-ice").at("calls").to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(core.handle(control("POST", "/__emulator/reset"), at({})).status, 200u);
  EXPECT_EQ(core.faults(Api::kAlibabaIce), Faults{});
  EXPECT_EQ(core.stats().api(Api::kAlibabaIce).calls, 0u);

  const auto dataset = json::parse(core.handle(control("GET", "/__emulator/dataset"), at({})).body);
  EXPECT_EQ(dataset.at("tencent_live").as_array()[2].as_array().size(), 120u);
  EXPECT_EQ(dataset.at("alibaba_ice").as_array()[0], json::value(core.dataset()->ice[0]));
  const auto wrong = core.handle(control("DELETE", "/__emulator/stats"), at({}));
  EXPECT_EQ(wrong.status, 405u);
  EXPECT_EQ(core.handle(control("GET", "/__emulator/nothing"), at({})).status, 404u);
}

TEST(EmulatorCore, ControlPlaneIsAbsentUnlessAskedFor) {
  EmulatorOptions o = options();
  o.control_plane = false;  // what the gateway's demo mode runs
  EmulatorCore core(o);
  EXPECT_EQ(core.handle(control("POST", "/__emulator/faults", R"({"api":"alibaba-ice","fail_every":1})"), at({})).status,
            404u);
  EXPECT_EQ(core.handle(control("POST", "/__emulator/reset"), at({})).status, 404u);
  EXPECT_EQ(core.handle(control("GET", "/__emulator/stats"), at({})).status, 404u);
  EXPECT_EQ(core.faults(Api::kAlibabaIce), Faults{});
}

TEST(EmulatorCore, ControlPlaneRefusesForeignHostsAndCrossOriginWrites) {
  EmulatorCore core(options());
  // DNS rebinding: a page at evil.example resolving to 127.0.0.1 still sends its own Host.
  EXPECT_EQ(core.handle(control("GET", "/__emulator/stats", {}, "evil.example:9000"), at({})).status, 403u);
  auto write = control("POST", "/__emulator/faults", R"({"api":"alibaba-ice","fail_every":1})");
  write.headers.emplace_back("Origin", "https://evil.example");
  EXPECT_EQ(core.handle(write, at({})).status, 403u);
  EXPECT_EQ(core.faults(Api::kAlibabaIce), Faults{});
  EXPECT_EQ(core.handle(control("GET", "/__emulator/stats", {}, "localhost"), at({})).status, 200u);
  EXPECT_EQ(core.handle(control("GET", "/__emulator/stats", {}, "[::1]:9000"), at({})).status, 200u);
}

TEST(EmulatorCore, UsageControlUsesUpPackagesInUse) {
  EmulatorCore core(options());
  const auto before = core.dataset();
  auto r = core.handle(control("POST", "/__emulator/usage", R"({"consume":0.05})"), at({}));
  EXPECT_EQ(r.status, 200u) << r.body;
  const auto after = core.dataset();
  int changed = 0;
  for (std::size_t t = 0; t < 3; ++t) {
    for (std::size_t i = 0; i < before->tencent[t].size(); ++i) {
      const auto& b = before->tencent[t][i];
      const auto& a = after->tencent[t][i];
      const auto total = b.at("Total").as_int64();
      if (b.at("Status").as_int64() != 1) {
        EXPECT_EQ(a.at("Used"), b.at("Used"));  // only packages in use are consumed
        continue;
      }
      EXPECT_EQ(a.at("Used").as_int64(), std::min(total, b.at("Used").as_int64() + total / 20));
      EXPECT_EQ(a.at("Left").as_int64(), total - a.at("Used").as_int64());
      changed += a.at("Used") != b.at("Used");
    }
  }
  EXPECT_GT(changed, 100);
  for (std::size_t i = 0; i < before->aicontent.size(); ++i) {
    if (before->aicontent[i].at("resourceStatus").as_string() != "ACTIVE") continue;
    EXPECT_LE(after->aicontent[i].at("remainQuantity").as_int64(), before->aicontent[i].at("remainQuantity").as_int64());
  }
  EXPECT_EQ(core.handle(control("POST", "/__emulator/usage", R"({"consume":2})"), at({})).status, 400u);
  EXPECT_EQ(core.handle(control("POST", "/__emulator/usage", R"({"consum":0.1})"), at({})).status, 400u);
  core.reset();
  EXPECT_EQ(core.dataset()->tencent[0][0], before->tencent[0][0]);
}

}  // namespace
}  // namespace qg::emulator
