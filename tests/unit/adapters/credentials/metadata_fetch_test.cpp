// The metadata exchanges against a real loopback server answering from a script: the requests
// each sends (method, path, IMDSv2 token headers) and what each makes of the answers.

#include <gtest/gtest.h>
#include <boost/asio/this_coro.hpp>

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

std::string ecs_credentials(std::string id, std::string expiration = "2026-01-01T06:00:00Z") {
  return R"({"AccessKeyId":")" + id + R"(","AccessKeySecret":"s","SecurityToken":"t","Expiration":")" +
         expiration + R"(","LastUpdated":"2026-01-01T00:00:00Z","Code":"Success"})";
}

CO_TEST(MetadataFetch, EcsGetsASessionTokenThenTheRoleNameThenItsCredentials) {
  ScriptedUpstream up;
  up.push(Reply{200, {}, "AQAEAHm3kQ=="});
  up.push(Reply{200, {}, "EcsRamRoleDocumentTesting"});
  up.push(Reply{200, {}, ecs_credentials("STS.A")});
  auto ex = co_await boost::asio::this_coro::executor;  // own statement: see https_client.hpp
  adapters::HttpsClient client(ex);
  auto fetch = ecs_role_fetch(client, loopback(up), EcsRoleSpec{});
  auto c = co_await fetch(kNow, far());
  CO_ASSERT_TRUE(c);
  EXPECT_EQ(c->id.reveal(), "STS.A");
  EXPECT_EQ(c->expires_at, 1767247200);
  EXPECT_EQ(c->source, "ecs-ram-role:EcsRamRoleDocumentTesting");
  const auto seen = up.recorded();
  CO_ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].method, "PUT");
  EXPECT_EQ(seen[0].target, "/latest/api/token");
  EXPECT_EQ(seen[0].header("X-aliyun-ecs-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(seen[1].method, "GET");
  EXPECT_EQ(seen[1].target, "/latest/meta-data/ram/security-credentials/");
  EXPECT_EQ(seen[1].header("X-aliyun-ecs-metadata-token"), "AQAEAHm3kQ==");
  EXPECT_EQ(seen[2].target, "/latest/meta-data/ram/security-credentials/EcsRamRoleDocumentTesting");
  EXPECT_EQ(seen[2].header("X-aliyun-ecs-metadata-token"), "AQAEAHm3kQ==");
}

CO_TEST(MetadataFetch, EcsNamedRoleSkipsTheListing) {
  ScriptedUpstream up;
  up.push(Reply{200, {}, "tok"});
  up.push(Reply{200, {}, ecs_credentials("STS.A")});
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  EcsRoleSpec spec;
  spec.role_name = "named";
  auto fetch = ecs_role_fetch(client, loopback(up), spec);
  auto c = co_await fetch(kNow, far());
  CO_ASSERT_TRUE(c);
  EXPECT_EQ(c->source, "ecs-ram-role:named");
  CO_ASSERT_EQ(up.requests_seen(), 2u);
  EXPECT_EQ(up.recorded()[1].target, "/latest/meta-data/ram/security-credentials/named");
}

CO_TEST(MetadataFetch, EcsFallsBackToRequestsWithoutTokenWhenTheTokenIsRefused) {
  ScriptedUpstream up;
  up.push(Reply{403, {}, "IMDSv2 not supported"});
  up.push(Reply{200, {}, ecs_credentials("STS.A")});
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  EcsRoleSpec spec;
  spec.role_name = "r";
  auto fetch = ecs_role_fetch(client, loopback(up), spec);
  auto c = co_await fetch(kNow, far());
  CO_ASSERT_TRUE(c);
  const auto seen = up.recorded();
  CO_ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].header("X-aliyun-ecs-metadata-token"), "");
}

CO_TEST(MetadataFetch, EcsWithImdsv1DisabledFailsWhenTheTokenIsRefused) {
  ScriptedUpstream up;
  up.push(Reply{403, {}, ""});
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  EcsRoleSpec spec;
  spec.role_name = "r";
  spec.disable_imdsv1 = true;
  auto fetch = ecs_role_fetch(client, loopback(up), spec);
  auto c = co_await fetch(kNow, far());
  CO_ASSERT_TRUE(!c);
  EXPECT_EQ(c.error().kind, ErrorKind::kAuth);
  EXPECT_EQ(up.requests_seen(), 1u);
}

CO_TEST(MetadataFetch, EcsDetachedRoleIsAnAuthError) {
  ScriptedUpstream up;
  up.push(Reply{200, {}, "tok"});
  up.push(Reply{404, {}, ""});
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  EcsRoleSpec spec;
  spec.role_name = "gone";
  auto fetch = ecs_role_fetch(client, loopback(up), spec);
  auto c = co_await fetch(kNow, far());
  CO_ASSERT_TRUE(!c);
  EXPECT_EQ(c.error().kind, ErrorKind::kAuth);
}

CO_TEST(MetadataFetch, MetadataServiceThatNeverAnswersIsATimeout) {
  ScriptedUpstream up;
  up.push(Reply{200, {}, "", false, true});  // hangs
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  auto fetch = ecs_role_fetch(client, loopback(up), EcsRoleSpec{});
  auto c = co_await fetch(kNow, std::chrono::steady_clock::now() + std::chrono::milliseconds(200));
  CO_ASSERT_TRUE(!c);
  EXPECT_EQ(c.error().kind, ErrorKind::kTimeout);
  EXPECT_TRUE(c.error().retryable());
}

CO_TEST(MetadataFetch, CvmListsTheRoleThenGetsItsCredentialsWithoutAToken) {
  ScriptedUpstream up;
  up.push(Reply{200, {}, "CVM_QcsRole"});
  up.push(Reply{200, {}, R"({"TmpSecretId":"AKIDtmp","TmpSecretKey":"k","Token":"t","ExpiredTime":1767229200,
                             "Expiration":"2026-01-01T01:00:00Z","Code":"Success"})"});
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  auto fetch = cvm_role_fetch(client, loopback(up), CvmRoleSpec{});
  auto c = co_await fetch(kNow, far());
  CO_ASSERT_TRUE(c);
  EXPECT_EQ(c->id.reveal(), "AKIDtmp");
  EXPECT_EQ(c->expires_at, 1767229200);
  EXPECT_EQ(c->source, "cvm-role:CVM_QcsRole");
  const auto seen = up.recorded();
  CO_ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].method, "GET");
  EXPECT_EQ(seen[0].target, "/latest/meta-data/cam/security-credentials/");
  EXPECT_EQ(seen[1].target, "/latest/meta-data/cam/security-credentials/CVM_QcsRole");
}

CO_TEST(MetadataFetch, CvmWithoutABoundRoleIsAnAuthError) {
  ScriptedUpstream up;
  up.push(Reply{404, {}, "<html>404</html>"});
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  auto fetch = cvm_role_fetch(client, loopback(up), CvmRoleSpec{});
  auto c = co_await fetch(kNow, far());
  CO_ASSERT_TRUE(!c);
  EXPECT_EQ(c.error().kind, ErrorKind::kAuth);
}

CO_TEST(MetadataFetch, ProviderRefreshesThroughTheMetadataServiceBeforeExpiry) {
  ScriptedUpstream up;
  for (const auto* id : {"STS.A", "STS.B"}) {
    up.push(Reply{200, {}, "tok"});
    up.push(Reply{200, {}, ecs_credentials(id)});  // six hours: refresh 90 min before expiry
  }
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  EcsRoleSpec spec;
  spec.role_name = "r";
  auto p = make_ecs_role_provider(client, spec, loopback(up));
  EXPECT_EQ(p->describe(), "ecs-ram-role:r via " + loopback(up).origin());
  auto first = co_await p->get(kNow, far());
  auto cached = co_await p->get(kNow + 16199, far());
  EXPECT_EQ(first->id.reveal(), "STS.A");
  EXPECT_EQ(cached->id.reveal(), "STS.A");
  EXPECT_EQ(up.requests_seen(), 2u);
  auto refreshed = co_await p->get(kNow + 16200, far());
  EXPECT_EQ(refreshed->id.reveal(), "STS.B");
  EXPECT_EQ(up.requests_seen(), 4u);
}

}  // namespace
