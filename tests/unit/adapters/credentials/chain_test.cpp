// The default chains' order and choices, over a fake environment and file system.

#include <map>

#include <gtest/gtest.h>
#include <boost/asio/this_coro.hpp>

#include "adapters/credentials/chain.hpp"
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

struct FakeHost {
  std::map<std::string, std::string, std::less<>> vars;
  std::map<std::string, std::string> files;

  ChainEnvironment environment() {
    ChainEnvironment env;
    env.getenv = [this](std::string_view name) -> std::optional<std::string> {
      const auto it = vars.find(name);
      if (it == vars.end()) return std::nullopt;
      return it->second;
    };
    env.read_file = [this](const std::string& path) -> std::optional<std::string> {
      const auto it = files.find(path);
      if (it == files.end()) return std::nullopt;
      return it->second;
    };
    env.home = "/home/gw";
    return env;
  }
};

const std::map<std::string, std::string, std::less<>> kAlibabaKeys{
    {"ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIenv"}, {"ALIBABA_CLOUD_ACCESS_KEY_SECRET", "envSecret"}};
const std::map<std::string, std::string, std::less<>> kRrsa{
    {"ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/gw"},
    {"ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "acs:ram::1:oidc-provider/ack"},
    {"ALIBABA_CLOUD_OIDC_TOKEN_FILE", "/var/run/secrets/token"}};
constexpr std::string_view kCliConfig = R"({"current":"default","profiles":[
  {"name":"default","mode":"AK","access_key_id":"LTAIcli","access_key_secret":"cliSecret"},
  {"name":"ecs","mode":"EcsRamRole","ram_role_name":"EcsRamRoleDocumentTesting"},
  {"name":"arn","mode":"RamRoleArn","access_key_id":"LTAI","access_key_secret":"x","ram_role_arn":"a"}]})";
constexpr std::string_view kAlibabaIni =
    "[default]\ntype = access_key\naccess_key_id = LTAIini\naccess_key_secret = s\n";

FakeHost alibaba_everything() {
  FakeHost h;
  h.vars = kAlibabaKeys;
  h.vars.insert(kRrsa.begin(), kRrsa.end());
  h.files["/home/gw/.aliyun/config.json"] = kCliConfig;
  h.files["/home/gw/.alibabacloud/credentials"] = kAlibabaIni;
  return h;
}

CO_TEST(DefaultChain, AlibabaEnvironmentKeysComeFirst) {
  auto h = alibaba_everything();
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  auto chain = make_default_chain(Cloud::kAlibaba, client, h.environment());
  EXPECT_EQ(chain.provider->describe(), "env");
  auto c = co_await chain.provider->get(kNow, far());
  EXPECT_EQ(c->id.reveal(), "LTAIenv");
}

CO_TEST(DefaultChain, AlibabaRrsaComesBeforeProfilesAndTheInstanceRole) {
  auto h = alibaba_everything();
  for (const auto& [k, v] : kAlibabaKeys) h.vars.erase(k);
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  auto chain = make_default_chain(Cloud::kAlibaba, client, h.environment());
  EXPECT_EQ(chain.provider->describe(), "rrsa (role acs:ram::1:role/gw) via https://sts.aliyuncs.com");
}

CO_TEST(DefaultChain, AlibabaCliProfileComesBeforeTheCredentialsFile) {
  auto h = alibaba_everything();
  h.vars.clear();
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  auto chain = make_default_chain(Cloud::kAlibaba, client, h.environment());
  EXPECT_EQ(chain.provider->describe(), "profile:default");
  auto c = co_await chain.provider->get(kNow, far());
  EXPECT_EQ(c->id.reveal(), "LTAIcli");
}

CO_TEST(DefaultChain, AlibabaProfileVariableSelectsTheCliProfile) {
  auto h = alibaba_everything();
  h.vars = {{"ALIBABA_CLOUD_PROFILE", "ecs"}};
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  auto chain = make_default_chain(Cloud::kAlibaba, client, h.environment());
  EXPECT_EQ(chain.provider->describe(), "ecs-ram-role:EcsRamRoleDocumentTesting via http://100.100.100.200");
}

CO_TEST(DefaultChain, AlibabaUnsupportedCliProfileIsNotedAndTheCredentialsFileUsed) {
  auto h = alibaba_everything();
  h.vars = {{"ALIBABA_CLOUD_PROFILE", "arn"}};
  h.files["/home/gw/.alibabacloud/credentials"] =
      "[arn]\ntype = access_key\naccess_key_id = LTAIini\naccess_key_secret = s\n";
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  auto chain = make_default_chain(Cloud::kAlibaba, client, h.environment());
  auto c = co_await chain.provider->get(kNow, far());
  CO_ASSERT_TRUE(c);
  EXPECT_EQ(c->id.reveal(), "LTAIini");
  CO_ASSERT_EQ(chain.notes.size(), 1u);
  EXPECT_NE(chain.notes[0].find("/home/gw/.aliyun/config.json"), std::string::npos);
  EXPECT_NE(chain.notes[0].find("RamRoleArn"), std::string::npos);
}

CO_TEST(DefaultChain, AlibabaFallsBackToTheEcsRamRoleAndNotesPartialConfiguration) {
  FakeHost h;
  h.vars = {{"ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIonly"}};
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  auto chain = make_default_chain(Cloud::kAlibaba, client, h.environment());
  EXPECT_EQ(chain.provider->describe(), "ecs-ram-role:<discovered> via http://100.100.100.200");
  CO_ASSERT_EQ(chain.notes.size(), 1u);
  EXPECT_EQ(chain.notes[0], "ALIBABA_CLOUD_ACCESS_KEY_ID set but ALIBABA_CLOUD_ACCESS_KEY_SECRET not");
}

CO_TEST(DefaultChain, AlibabaWithNothingUsableFailsEveryCallWithAnAuthError) {
  FakeHost h;
  h.vars = {{"ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"},
            {"ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/gw"}};
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  auto chain = make_default_chain(Cloud::kAlibaba, client, h.environment());
  auto c = co_await chain.provider->get(kNow, far());
  CO_ASSERT_TRUE(!c);
  EXPECT_EQ(c.error().kind, ErrorKind::kAuth);
  EXPECT_NE(c.error().message.find("ALIBABA_CLOUD_OIDC_TOKEN_FILE"), std::string::npos) << c.error().message;
}

CO_TEST(DefaultChain, AlibabaInstanceRoleUsesTheOverriddenMetadataEndpoint) {
  ScriptedUpstream up;
  up.push(Reply{200, {}, "tok"});
  up.push(Reply{200, {}, R"({"AccessKeyId":"STS.meta","AccessKeySecret":"s","SecurityToken":"t",
                             "Expiration":"2026-01-01T06:00:00Z","Code":"Success"})"});
  FakeHost h;
  h.vars = {{"ALIBABA_CLOUD_ECS_METADATA", "gw-role"}};
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  ChainOptions options;
  options.metadata = loopback(up);
  auto chain = make_default_chain(Cloud::kAlibaba, client, h.environment(), options);
  auto c = co_await chain.provider->get(kNow, far());
  CO_ASSERT_TRUE(c);
  EXPECT_EQ(c->id.reveal(), "STS.meta");
  EXPECT_EQ(c->source, "ecs-ram-role:gw-role");
  EXPECT_EQ(up.requests_seen(), 2u);
}

const std::map<std::string, std::string, std::less<>> kTke{
    {"TKE_REGION", "ap-guangzhou"},
    {"TKE_PROVIDER_ID", "p"},
    {"TKE_WEB_IDENTITY_TOKEN_FILE", "/var/run/tke/token"},
    {"TKE_ROLE_ARN", "qcs::cam::uin/1:roleName/gw"}};

CO_TEST(DefaultChain, TencentEnvironmentKeysComeFirst) {
  FakeHost h;
  h.vars = kTke;
  h.vars["TENCENTCLOUD_SECRET_ID"] = "AKIDenv";
  h.vars["TENCENTCLOUD_SECRET_KEY"] = "k";
  h.files["/home/gw/.tencentcloud/credentials"] = "[default]\nsecret_id = AKIDfile\nsecret_key = k\n";
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  auto chain = make_default_chain(Cloud::kTencent, client, h.environment());
  EXPECT_EQ(chain.provider->describe(), "env");
}

CO_TEST(DefaultChain, TencentTkeOidcComesBeforeTheProfileFileAndTheCvmRole) {
  ScriptedUpstream up;
  up.push(
      Reply{200, {}, R"({"Response":{"Credentials":{"Token":"t","TmpSecretId":"AKIDtke","TmpSecretKey":"k"},
                             "ExpiredTime":1767232800,"RequestId":"r"}})"});
  FakeHost h;
  h.vars = kTke;
  h.files["/home/gw/.tencentcloud/credentials"] = "[default]\nsecret_id = AKIDfile\nsecret_key = k\n";
  h.files["/var/run/tke/token"] = "eyJ.tke";
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  ChainOptions options;
  options.sts = loopback(up);
  auto chain = make_default_chain(Cloud::kTencent, client, h.environment(), options);
  EXPECT_EQ(chain.provider->describe(),
            "tke-oidc (role qcs::cam::uin/1:roleName/gw) via " + loopback(up).origin());
  auto c = co_await chain.provider->get(kNow, far());
  CO_ASSERT_TRUE(c);
  EXPECT_EQ(c->id.reveal(), "AKIDtke");
  CO_ASSERT_EQ(up.requests_seen(), 1u);
  EXPECT_EQ(up.recorded()[0].header("X-TC-Region"), "ap-guangzhou");
}

CO_TEST(DefaultChain, TencentProfileFileComesBeforeTheCvmRole) {
  FakeHost h;
  h.files["/home/gw/.tencentcloud/credentials"] = "[default]\nsecret_id = AKIDfile\nsecret_key = k\n";
  h.files["/etc/tencentcloud/credentials"] = "[default]\nsecret_id = AKIDetc\nsecret_key = k\n";
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  auto chain = make_default_chain(Cloud::kTencent, client, h.environment());
  EXPECT_EQ(chain.provider->describe(), "profile:default");
  auto c = co_await chain.provider->get(kNow, far());
  EXPECT_EQ(c->id.reveal(), "AKIDfile");
}

CO_TEST(DefaultChain, TencentSystemProfileFileIsUsedWhenTheUserHasNone) {
  FakeHost h;
  h.files["/etc/tencentcloud/credentials"] = "[default]\nsecret_id = AKIDetc\nsecret_key = k\n";
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  auto chain = make_default_chain(Cloud::kTencent, client, h.environment());
  auto c = co_await chain.provider->get(kNow, far());
  EXPECT_EQ(c->id.reveal(), "AKIDetc");
}

CO_TEST(DefaultChain, TencentCredentialsFileVariableReplacesTheDefaultLocations) {
  FakeHost h;
  h.vars = {{"TENCENTCLOUD_CREDENTIALS_FILE", "/run/tc/credentials"}};
  h.files["/home/gw/.tencentcloud/credentials"] = "[default]\nsecret_id = AKIDfile\nsecret_key = k\n";
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  auto chain = make_default_chain(Cloud::kTencent, client, h.environment());
  EXPECT_EQ(chain.provider->describe(), "cvm-role:<discovered> via http://metadata.tencentyun.com");
}

CO_TEST(DefaultChain, TencentBrokenProfileFileIsNotedAndTheCvmRoleUsed) {
  FakeHost h;
  h.files["/home/gw/.tencentcloud/credentials"] = "[default]\nsecret_id = AKIDfile\n";
  auto ex = co_await boost::asio::this_coro::executor;
  adapters::HttpsClient client(ex);
  auto chain = make_default_chain(Cloud::kTencent, client, h.environment());
  EXPECT_EQ(chain.provider->describe(), "cvm-role:<discovered> via http://metadata.tencentyun.com");
  CO_ASSERT_EQ(chain.notes.size(), 1u);
  EXPECT_NE(chain.notes[0].find("secret_key is missing"), std::string::npos);
  EXPECT_EQ(chain.notes[0].find("AKIDfile"), std::string::npos);
}

}  // namespace
