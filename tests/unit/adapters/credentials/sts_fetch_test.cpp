// The STS exchanges against a real loopback server answering from a script: the request each
// sends (query, form or JSON body, unsigned headers) and what each makes of the answers.

#include <map>

#include <gtest/gtest.h>
#include <boost/asio/this_coro.hpp>
#include <boost/json/parse.hpp>

#include "adapters/credentials/fetchers.hpp"
#include "tests/support/co_test.hpp"
#include "tests/support/scripted_upstream.hpp"
#include "tests/unit/adapters/credentials/helpers.hpp"

namespace {

using namespace qg;
using namespace qg::credentials;
using namespace qg::credentials::testing;
using adapters::ErrorKind;
using test::Reply;
using test::ScriptedUpstream;

ReadFile files(std::map<std::string, std::string>* contents) {
  return [contents](const std::string& path) -> std::optional<std::string> {
    const auto it = contents->find(path);
    if (it == contents->end()) return std::nullopt;
    return it->second;
  };
}

RrsaSpec rrsa_spec() {
  RrsaSpec s;
  s.role_arn = "acs:ram::1:role/gw";
  s.oidc_provider_arn = "acs:ram::1:oidc-provider/ack-rrsa";
  s.token_file = "/var/run/secrets/ack.alibabacloud.com/rrsa-tokens/token";
  s.session_name = "gw";
  return s;
}

constexpr std::string_view kOidcAnswer = R"({"RequestId":"R1","Credentials":{"AccessKeyId":"STS.O",
    "AccessKeySecret":"os","SecurityToken":"ot","Expiration":"2026-01-01T01:00:00Z"}})";

CO_TEST(StsFetch, RrsaPostsAssumeRoleWithOidcWithTheCurrentTokenFile) {
  ScriptedUpstream up;
  up.push(Reply{200, {}, std::string(kOidcAnswer)});
  up.push(Reply{200, {}, std::string(kOidcAnswer)});
  std::map<std::string, std::string> disk{{rrsa_spec().token_file, "eyJ.first\n"}};
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  auto fetch = rrsa_fetch(client, loopback(up), rrsa_spec(), files(&disk));
  auto c = co_await fetch(kNow, far());
  CO_ASSERT_TRUE(c);
  EXPECT_EQ(c->id.reveal(), "STS.O");
  EXPECT_EQ(c->source, "rrsa");
  disk[rrsa_spec().token_file] = "eyJ.rotated";  // the kubelet rotates the projected token
  auto again = co_await fetch(kNow + 1000, far());
  EXPECT_TRUE(again);
  const auto seen = up.recorded();
  CO_ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target,
            "/?Action=AssumeRoleWithOIDC&Format=JSON&Version=2015-04-01&Timestamp=2026-01-01T00%3A00%3A00Z");
  EXPECT_EQ(seen[0].header("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(seen[0].header("Authorization"), "");
  EXPECT_NE(seen[0].body.find("&OIDCToken=eyJ.first&"), std::string::npos) << seen[0].body;
  EXPECT_NE(seen[0].body.find("RoleArn=acs%3Aram%3A%3A1%3Arole%2Fgw"), std::string::npos);
  EXPECT_NE(seen[1].body.find("&OIDCToken=eyJ.rotated&"), std::string::npos);
}

CO_TEST(StsFetch, RrsaWithoutItsTokenFileIsAnAuthErrorAndSendsNothing) {
  ScriptedUpstream up;
  std::map<std::string, std::string> disk;
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  auto fetch = rrsa_fetch(client, loopback(up), rrsa_spec(), files(&disk));
  auto c = co_await fetch(kNow, far());
  CO_ASSERT_TRUE(!c);
  EXPECT_EQ(c.error().kind, ErrorKind::kAuth);
  EXPECT_NE(c.error().message.find("cannot be read"), std::string::npos);
  EXPECT_EQ(up.requests_seen(), 0u);
}

CO_TEST(StsFetch, RrsaRefusedByStsIsAnAuthError) {
  ScriptedUpstream up;
  up.push(Reply{403, {}, R"({"RequestId":"R2","Code":"AuthenticationFail.NoPermission","Message":"no"})"});
  std::map<std::string, std::string> disk{{rrsa_spec().token_file, "eyJ"}};
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  auto fetch = rrsa_fetch(client, loopback(up), rrsa_spec(), files(&disk));
  auto c = co_await fetch(kNow, far());
  CO_ASSERT_TRUE(!c);
  EXPECT_EQ(c.error().kind, ErrorKind::kAuth);
  EXPECT_EQ(c.error().request_id, "R2");
}

TkeSpec tke_spec() {
  TkeSpec s;
  s.region = "ap-shanghai";
  s.provider_id = "tke-provider";
  s.token_file = "/var/run/secrets/tke.cloud.tencent.com/identity-token/token";
  s.role_arn = "qcs::cam::uin/100000000001:roleName/gw";
  return s;
}

CO_TEST(StsFetch, TkePostsAssumeRoleWithWebIdentityUnsigned) {
  ScriptedUpstream up;
  up.push(
      Reply{200, {}, R"({"Response":{"Credentials":{"Token":"tt","TmpSecretId":"AKIDtke","TmpSecretKey":"tk"},
                             "ExpiredTime":1767232800,"Expiration":"2026-01-01T02:00:00Z","RequestId":"R3"}})"});
  std::map<std::string, std::string> disk{{tke_spec().token_file, "eyJ.tke"}};
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  auto fetch = tke_fetch(client, loopback(up), tke_spec(), files(&disk));
  auto c = co_await fetch(kNow, far());
  CO_ASSERT_TRUE(c);
  EXPECT_EQ(c->id.reveal(), "AKIDtke");
  EXPECT_EQ(c->expires_at, 1767232800);
  const auto seen = up.recorded();
  CO_ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, "/");
  EXPECT_EQ(seen[0].header("Authorization"), "SKIP");
  EXPECT_EQ(seen[0].header("X-TC-Action"), "AssumeRoleWithWebIdentity");
  EXPECT_EQ(seen[0].header("X-TC-Version"), "2018-08-13");
  EXPECT_EQ(seen[0].header("X-TC-Region"), "ap-shanghai");
  EXPECT_EQ(seen[0].header("X-TC-Timestamp"), "1767225600");
  const auto body = boost::json::parse(seen[0].body).as_object();
  EXPECT_EQ(body.at("WebIdentityToken"), "eyJ.tke");
  EXPECT_EQ(body.at("ProviderId"), "tke-provider");
  EXPECT_EQ(body.at("RoleArn"), "qcs::cam::uin/100000000001:roleName/gw");
}

CO_TEST(StsFetch, TkeInternalErrorIsTransient) {
  ScriptedUpstream up;
  up.push(
      Reply{200, {}, R"({"Response":{"Error":{"Code":"InternalError","Message":"x"},"RequestId":"R4"}})"});
  std::map<std::string, std::string> disk{{tke_spec().token_file, "eyJ"}};
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  auto fetch = tke_fetch(client, loopback(up), tke_spec(), files(&disk));
  auto c = co_await fetch(kNow, far());
  CO_ASSERT_TRUE(!c);
  EXPECT_EQ(c.error().kind, ErrorKind::kTransient);
  EXPECT_EQ(c.error().request_id, "R4");
}

}  // namespace
