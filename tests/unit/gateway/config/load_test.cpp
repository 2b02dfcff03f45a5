#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "gateway/config/duration.hpp"
#include "gateway/config/files.hpp"
#include "gateway/config/keys.hpp"
#include "gateway/config/load.hpp"

namespace {

using namespace qg::config;
using namespace std::chrono_literals;

LoadEnvironment env(std::map<std::string, std::string> vars, std::map<std::string, std::string> files = {}) {
  LoadEnvironment e;
  e.getenv = [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  e.read_file = [files](const std::string& path, std::size_t) -> boost::system::result<std::string, std::string> {
    auto it = files.find(path);
    if (it == files.end()) return {boost::system::in_place_error, "cannot be opened: No such file or directory"};
    return {boost::system::in_place_value, it->second};
  };
  return e;
}

std::string error_of(std::string_view yaml, const LoadEnvironment& e = {}) {
  try {
    load_config_string(yaml, "test.yaml", e);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

constexpr std::string_view kDesignExample = R"(
listen: 127.0.0.1:8080
cache: { ttl: 60s, stale_while_revalidate: 30s, stale_if_error: 1h }
request_deadline: 5s
auth: { api_keys: ["${QUOTA_GATEWAY_API_KEY}"] }
redis: { url: redis://127.0.0.1:6379/0 }
accounts:
  - name: live-prod
    provider: tencent-live
    secret_id: ${TENCENTCLOUD_SECRET_ID}
    secret_key: ${TENCENTCLOUD_SECRET_KEY}
    endpoint: https://live.tencentcloudapi.com
    rate_limit: 20/s
  - name: rtc-prod
    provider: alibaba-ice
    region: cn-shanghai
    access_key_id: ${ALIBABA_CLOUD_ACCESS_KEY_ID}
    access_key_secret: ${ALIBABA_CLOUD_ACCESS_KEY_SECRET}
  - name: aicontent-prod
    provider: alibaba-aicontent
    access_key_id: ${ALIBABA_CLOUD_ACCESS_KEY_ID}
    access_key_secret: ${ALIBABA_CLOUD_ACCESS_KEY_SECRET}
)";

const std::map<std::string, std::string> kEnv{{"QUOTA_GATEWAY_API_KEY", "k1"},
                                              {"TENCENTCLOUD_SECRET_ID", "AKIDx"},
                                              {"TENCENTCLOUD_SECRET_KEY", "tc-secret"},
                                              {"ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIx"},
                                              {"ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ali-secret"}};

TEST(ConfigLoad, TheDesignExampleLoadsWithEnvironmentExpansion) {
  const auto c = load_config_string(kDesignExample, "design.yaml", env(kEnv));
  EXPECT_EQ(c.listen.to_string(), "127.0.0.1:8080");
  EXPECT_EQ(c.cache.ttl, 60s);
  EXPECT_EQ(c.cache.stale_if_error, 1h);
  EXPECT_EQ(c.request_deadline, 5s);
  ASSERT_EQ(c.auth.api_keys.size(), 1u);
  EXPECT_EQ(c.auth.api_keys[0].reveal(), "k1");
  ASSERT_TRUE(c.redis);
  EXPECT_EQ(c.redis->url.display(), "redis://127.0.0.1:6379/0");
  ASSERT_EQ(c.accounts.size(), 3u);
  EXPECT_EQ(c.accounts[0].secret_key.reveal(), "tc-secret");
  ASSERT_TRUE(c.accounts[0].rate_limit);
  EXPECT_EQ(c.accounts[0].rate_limit->requests, 20);
  EXPECT_EQ(c.accounts[1].region, "cn-shanghai");
  EXPECT_EQ(c.accounts[2].access_key_secret.reveal(), "ali-secret");
}

TEST(ConfigLoad, DefaultsAreSafe) {
  const auto c = load_config_string("", "empty.yaml", env({}));
  EXPECT_EQ(c.listen.to_string(), "127.0.0.1:8080");
  EXPECT_TRUE(c.listen.is_loopback());
  EXPECT_EQ(c.request_deadline, 5s);
  EXPECT_EQ(c.retry.max_attempts, 3);
  EXPECT_TRUE(c.accounts.empty());
  EXPECT_FALSE(c.redis);
  AccountConfig tencent;
  tencent.provider = "tencent-live";
  EXPECT_EQ(tencent.effective_rate_limit().requests, 20);
  AccountConfig ice;
  ice.provider = "alibaba-ice";
  EXPECT_EQ(ice.effective_rate_limit().requests, 10);
}

TEST(ConfigLoad, MissingEnvironmentVariableNamesKeyPathAndVariableButNoValue) {
  auto vars = kEnv;
  vars.erase("TENCENTCLOUD_SECRET_KEY");
  const auto error = error_of(kDesignExample, env(vars));
  EXPECT_NE(error.find("accounts[0].secret_key"), std::string::npos) << error;
  EXPECT_NE(error.find("TENCENTCLOUD_SECRET_KEY"), std::string::npos) << error;
  EXPECT_NE(error.find("test.yaml:11"), std::string::npos) << error;  // the line of the key (the literal starts with a newline)
  for (const auto& [name, value] : kEnv) EXPECT_EQ(error.find(value), std::string::npos) << "leaked " << name;
}

TEST(ConfigLoad, UnknownKeysAndBadValuesAreReportedTogetherWithPaths) {
  const auto error = error_of(R"(
listen: nowhere
cache: { ttl: sixty, tll: 5s }
retry: { max_attempts: 0 }
accounts:
  - name: a
    provider: tencent-live
    secret_id: x
    secret_key: y
    rate_limit: fast
    colour: blue
)",
                              env({}));
  for (const char* expected : {"listen", "cache.ttl", "cache.tll: unknown key", "retry.max_attempts",
                               "accounts[0].rate_limit", "accounts[0].colour: unknown key"}) {
    EXPECT_NE(error.find(expected), std::string::npos) << expected << " in:\n" << error;
  }
}

TEST(ConfigLoad, SemanticChecks) {
  EXPECT_NE(error_of("accounts: [{name: a, provider: tencent-live, secret_id: x}]").find("needs secret_id and secret_key"),
            std::string::npos);
  EXPECT_NE(error_of("accounts: [{name: a, provider: aws, secret_id: x}]").find("provider: must be one of"),
            std::string::npos);
  EXPECT_NE(error_of("accounts: [{name: 'a b', provider: tencent-live, secret_id: x, secret_key: y}]").find("name: must be 1-64"),
            std::string::npos);
  EXPECT_NE(error_of(R"(accounts:
  - {name: a, provider: tencent-live, secret_id: x, secret_key: y}
  - {name: a, provider: tencent-live, secret_id: x, secret_key: y})")
                .find("used twice"),
            std::string::npos);
  EXPECT_NE(error_of("accounts: [{name: a, provider: alibaba-ice, access_key_id: x, access_key_secret: y}]")
                .find("needs region"),
            std::string::npos);
  EXPECT_NE(error_of("accounts: [{name: a, provider: tencent-live, secret_id: x, secret_key: y, endpoint: ftp://h}]")
                .find("endpoint"),
            std::string::npos);
  EXPECT_NE(error_of("accounts: [{name: a, provider: tencent-live, secret_id: x, secret_key: y, page_size: 5}]")
                .find("page_size"),
            std::string::npos);
}

TEST(ConfigLoad, SecretsFromFilesForDockerAndKubernetes) {
  const auto c = load_config_string(R"(
auth: { api_keys_file: /run/secrets/keys }
accounts:
  - name: a
    provider: tencent-live
    secret_id_file: /run/secrets/id
    secret_key_file: /run/secrets/key
)",
                                    "t.yaml",
                                    env({}, {{"/run/secrets/id", "AKID1\n"},
                                             {"/run/secrets/key", "s3cret\r\n"},
                                             {"/run/secrets/keys", "# comment\nkey-one\nkey-two\n"}}));
  EXPECT_EQ(c.accounts[0].secret_id.reveal(), "AKID1");
  EXPECT_EQ(c.accounts[0].secret_key.reveal(), "s3cret");
  ASSERT_EQ(c.auth.api_keys.size(), 2u);
  EXPECT_EQ(c.auth.api_keys[1].reveal(), "key-two");
  EXPECT_NE(error_of("accounts: [{name: a, provider: tencent-live, secret_id: x, secret_key: y, secret_key_file: /f}]")
                .find("not both"),
            std::string::npos);
  EXPECT_NE(error_of("accounts: [{name: a, provider: tencent-live, secret_id: x, secret_key_file: /missing}]", env({}))
                .find("'/missing' cannot be opened"),
            std::string::npos);
}

TEST(ConfigLoad, InvalidYamlReportsTheLine) {
  const auto error = error_of("accounts:\n  - name: [unclosed\n");
  EXPECT_NE(error.find("test.yaml:"), std::string::npos) << error;
}

TEST(ConfigExpand, Forms) {
  auto getenv = [](const std::string& n) -> std::optional<std::string> {
    if (n == "A") return "alpha";
    if (n == "EMPTY") return "";
    return std::nullopt;
  };
  std::string missing;
  EXPECT_EQ(expand_env("x-${A}-y", getenv, missing), "x-alpha-y");
  EXPECT_EQ(expand_env("${B:-fallback}", getenv, missing), "fallback");
  EXPECT_EQ(expand_env("${EMPTY:-fallback}", getenv, missing), "fallback");
  EXPECT_EQ(expand_env("cost $$5 $x", getenv, missing), "cost $5 $x");
  EXPECT_FALSE(expand_env("${B}", getenv, missing));
  EXPECT_EQ(missing, "B");
}

TEST(ConfigParse, ListenAndDurations) {
  EXPECT_EQ(parse_listen("0.0.0.0:80")->host, "0.0.0.0");
  EXPECT_EQ(parse_listen(":8080")->host, "0.0.0.0");
  EXPECT_EQ(parse_listen("[::1]:8080")->host, "::1");
  EXPECT_FALSE(parse_listen("::1:8080"));
  EXPECT_FALSE(parse_listen("host"));
  EXPECT_FALSE(parse_listen("h:70000"));
  EXPECT_EQ(parse_duration("250ms"), 250ms);
  EXPECT_EQ(parse_duration("5m"), 5min);
  EXPECT_EQ(parse_duration("2"), 2s);
  EXPECT_FALSE(parse_duration("-1s"));
  EXPECT_FALSE(parse_duration("1w"));
  EXPECT_FALSE(parse_duration(""));
}

}  // namespace

// Found by tests/fuzz/config_fuzzer: a mapping used as a key made yaml-cpp throw past the loader.
TEST(ConfigLoad, OddlyShapedYamlIsAConfigErrorNotACrash) {
  EXPECT_NE(error_of("listen: 127.0.0.1:8080\n? { a: 1 }\n: x\n").find("keys must be plain names"), std::string::npos);
  EXPECT_NE(error_of("accounts:\n  - { [x]: 1, name: a, provider: tencent-live }\n").find("accounts[0]"),
            std::string::npos);
  for (const char* yaml : {"listen: [1, 2]\n", "accounts: { a: 1 }\n", "cache: [ttl]\n", "threads: {x: 1}\n",
                           "accounts:\n  - [1]\n", "auth: { api_keys: { a: b } }\n", "? [a]\n"}) {
    EXPECT_FALSE(error_of(yaml).empty()) << yaml;
  }
}

namespace {

// A scratch directory with the odd files an operator can point a *_file key at.
struct OddFiles {
  std::string dir;
  OddFiles() {
    char tmpl[] = "/tmp/qg-config-XXXXXX";
    dir = ::mkdtemp(tmpl);
    write("empty", "");
    write("comments", "# only comments\n\n   # indented comment\n");
    write("keys", "key-one\n");
    ::mkdir((dir + "/a-directory").c_str(), 0700);
    ::mkfifo((dir + "/a-fifo").c_str(), 0600);
  }
  void write(const std::string& name, const std::string& content) const {
    std::ofstream(dir + "/" + name) << content;
  }
  std::string path(const std::string& name) const { return dir + "/" + name; }
};

const std::string kTencentAccount = "accounts: [{name: a, provider: tencent-live, secret_id: x, secret_key: y}]\n";

TEST(ConfigFailClosed, AnAuthSectionWithoutAUsableKeyRefusesToStart) {
  const OddFiles files;
  for (const std::string& yaml : std::vector<std::string>{"auth: { api_keys: [] }\n", "auth: {}\n",
                                 "auth: { api_keys_file: " + files.path("empty") + " }\n",
                                 "auth: { api_keys_file: " + files.path("comments") + " }\n"}) {
    const auto error = error_of(yaml);
    EXPECT_NE(error.find("auth"), std::string::npos) << yaml << error;
    EXPECT_NE(error.find("no API key"), std::string::npos) << yaml << error;
  }
  for (const std::string name : {"a-directory", "a-fifo", "missing"}) {
    const auto error = error_of("auth: { api_keys_file: " + files.path(name) + " }\n");
    EXPECT_NE(error.find("test.yaml:1: auth.api_keys_file"), std::string::npos) << name << ": " << error;
  }
  const auto ok = load_config_string("auth: { api_keys_file: " + files.path("keys") + " }\n", "t.yaml");
  ASSERT_EQ(ok.auth.api_keys.size(), 1u);
  EXPECT_TRUE(ok.auth.enabled);
}

// Issue 24.2: the same sections on a reload revoke every key instead of being refused (which
// kept the old keys working); only `enabled: false` means "no authentication".
TEST(ConfigFailClosed, OnReloadAnAuthSectionWithoutAUsableKeyLoadsAsEveryKeyRevoked) {
  const OddFiles files;
  LoadEnvironment reloading;
  reloading.reloading = true;
  for (const std::string name : {"empty", "comments", "a-directory", "a-fifo", "missing"}) {
    const auto c = load_config_string("auth: { api_keys_file: " + files.path(name) + " }\n", "t.yaml", reloading);
    EXPECT_TRUE(c.auth.enabled) << name;
    EXPECT_TRUE(c.auth.api_keys.empty()) << name;
    EXPECT_FALSE(c.auth.no_key_reason.empty()) << name;
  }
  EXPECT_NE(load_config_string("auth: { api_keys_file: " + files.path("missing") + " }\n", "t.yaml", reloading)
                .auth.no_key_reason.find("cannot be opened"),
            std::string::npos);
  EXPECT_TRUE(load_config_string("auth: { api_keys: [] }\n", "t.yaml", reloading).auth.enabled);

  const auto off = load_config_string("auth: { enabled: false }\n", "t.yaml");
  EXPECT_FALSE(off.auth.enabled);
  EXPECT_TRUE(off.auth.switched_off);
  EXPECT_FALSE(load_config_string("", "t.yaml").auth.switched_off);  // absent is not "switched off"
  EXPECT_NE(error_of("auth: { enabled: true }\n").find("no API key"), std::string::npos);
  EXPECT_NE(error_of("auth: { enabled: maybe }\n").find("test.yaml:1: auth.enabled"), std::string::npos);

  // A reload refused for another reason still says what its auth section lists, so the keys it
  // dropped can be revoked; a broken auth section says nothing.
  try {
    load_config_string("auth: { api_keys: [k2] }\ncache: { ttl: forever }\n", "t.yaml", reloading);
    ADD_FAILURE() << "loaded";
  } catch (const ConfigError& e) {
    ASSERT_TRUE(e.auth);
    ASSERT_EQ(e.auth->api_keys.size(), 1u);
    EXPECT_EQ(e.auth->api_keys[0].reveal(), "k2");
  }
  try {
    load_config_string("auth: { api_keys: [''] }\ncache: { ttl: forever }\n", "t.yaml", reloading);
    ADD_FAILURE() << "loaded";
  } catch (const ConfigError& e) {
    EXPECT_FALSE(e.auth);
  }
}

// Issue 24.8: errors echoed values, so a secret put in the wrong key, a ${ENV} value or the lines
// of a file given by mistake ended up in logs. Errors name the key and the line only.
TEST(ConfigFailClosed, ErrorsNameKeyAndLineButNeverEchoAValue) {
  const std::string secret = "s3cr3t-VALUE-0123";
  const auto e = env({{"LEAKY", secret}});
  for (const std::string& yaml : std::vector<std::string>
       {"request_deadline: ${LEAKY}\n", "threads: ${LEAKY}\n", "listen: ${LEAKY}\n", "metrics_listen: " + secret + "\n",
        "base_path: ${LEAKY}\n", "trusted_proxies: [${LEAKY}]\n", "refresh: { enabled: ${LEAKY} }\n",
        "refresh: { budget_share: ${LEAKY} }\n", "client_limits: { rate: ${LEAKY} }\n",
        "accounts: [{name: a, provider: ${LEAKY}}]\n", "? \"root:" + secret + ":19000:0:99999:7:::\"\n: x\n"}) {
    const auto error = error_of(yaml, e);
    EXPECT_FALSE(error.empty()) << yaml;
    EXPECT_EQ(error.find(secret), std::string::npos) << yaml << " gives " << error;
    EXPECT_NE(error.find("test.yaml:1: "), std::string::npos) << error;
  }
  // A key that is a name is still named: typos stay easy to find.
  EXPECT_NE(error_of("cache: { tll: 5s }\n").find("test.yaml:1: cache.tll: unknown key"), std::string::npos);
}

TEST(ConfigFailClosed, SecretFilesMustBeSmallRegularFilesAndTheErrorNamesKeyAndLine) {
  const OddFiles files;
  for (const std::string name : {"a-directory", "a-fifo", "empty"}) {
    const auto error = error_of("accounts:\n  - name: a\n    provider: tencent-live\n    secret_id: x\n"
                                "    secret_key_file: " + files.path(name) + "\n");
    EXPECT_NE(error.find("test.yaml:5: accounts[0].secret_key_file"), std::string::npos) << name << ": " << error;
  }
  // /dev/zero is endless: refused as a device, never read until memory runs out.
  EXPECT_FALSE(read_regular_file("/dev/zero", kMaxSecretFileBytes));
  files.write("big", std::string(kMaxSecretFileBytes + 1, 'k'));
  EXPECT_NE(read_regular_file(files.path("big"), kMaxSecretFileBytes).error().find("larger than 64 KiB"),
            std::string::npos);
}

TEST(ConfigFailClosed, UserInfoInUrlsNeverAppearsInErrors) {
  const auto endpoint = error_of("accounts: [{name: a, provider: tencent-live, secret_id: x, secret_key: y, "
                                 "endpoint: 'http://user:TOPSECRET@10.0.0.1/x'}]");
  EXPECT_NE(endpoint.find("accounts[0].endpoint"), std::string::npos) << endpoint;
  EXPECT_EQ(endpoint.find("TOPSECRET"), std::string::npos) << endpoint;
  const auto redis = error_of("redis: { url: 'redis://:TOPSECRET@host:notaport/0' }\n");
  EXPECT_NE(redis.find("test.yaml:1: redis.url"), std::string::npos) << redis;
  EXPECT_EQ(redis.find("TOPSECRET"), std::string::npos) << redis;
}

TEST(ConfigFailClosed, EveryDurationHasAnUpperBoundNamedWithKeyAndLine) {
  for (const std::string yaml : {"request_deadline: 110000d\n", "shutdown_grace: 100000d\n",
                                 "retry: { attempt_timeout: 100000d }\n", "cache: { ttl: 1000d }\n",
                                 "limits: { read_timeout: 99999d }\n", "redis: { url: 'redis://h', timeout: 1h }\n",
                                 "request_deadline: 0s\n"}) {
    const auto error = error_of(yaml);
    EXPECT_NE(error.find("test.yaml:1:"), std::string::npos) << yaml << error;
    EXPECT_NE(error.find("must be between"), std::string::npos) << yaml << error;
  }
  EXPECT_TRUE(error_of("request_deadline: 10m\nshutdown_grace: 1h\n").empty());
}

TEST(ConfigFailClosed, PlainHttpToAHostThatIsNotLoopbackNeedsAnExplicitYes) {
  const std::string account = "accounts: [{name: a, provider: tencent-live, secret_id: x, secret_key: y, endpoint: ";
  EXPECT_NE(error_of(account + "'http://10.1.2.3:8080'}]").find("allow_insecure_endpoint"), std::string::npos);
  EXPECT_TRUE(error_of(account + "'http://10.1.2.3:8080', allow_insecure_endpoint: true}]").empty());
  EXPECT_TRUE(error_of(account + "'http://127.0.0.1:9000'}]").empty());
  EXPECT_TRUE(error_of(account + "'https://10.1.2.3'}]").empty());
}

TEST(ConfigFailClosed, AnUnreadableCaFileIsAStartUpError) {
  const auto error = error_of("accounts:\n  - name: a\n    provider: tencent-live\n    secret_id: x\n"
                              "    secret_key: y\n    ca_file: /nonexistent/ca.pem\n");
  EXPECT_NE(error.find("test.yaml:6: accounts[0].ca_file"), std::string::npos) << error;
}

TEST(ConfigFailClosed, NumbersAreParsedStrictly) {
  for (const char* v : {"0x1p-1", "' 0.5'", "1e-400", "inf", "nan", "'0.5 '"}) {
    EXPECT_FALSE(error_of(std::string("redis: { url: 'redis://h', local_share: ") + v + " }\n").empty()) << v;
  }
  EXPECT_TRUE(error_of("redis: { url: 'redis://h', local_share: 0.25 }\n").empty());
  EXPECT_FALSE(error_of(kTencentAccount + "threads: ' 2'\n").empty());
}

}  // namespace

namespace {

TEST(ConfigBehindAGateway, BasePathProxiesLimitsAndTheMetricsListenerAreReadAndChecked) {
  const auto c = load_config_string(R"(
base_path: /quota-gateway/
trusted_proxies: [10.0.0.0/8, "fd00::/8", 127.0.0.1]
client_limits: { rate: 5/s, burst: 7, refresh: 2/m }
metrics_listen: 0.0.0.0:9464
)", "test.yaml", env({}));
  EXPECT_EQ(c.base_path, "/quota-gateway");
  ASSERT_EQ(c.trusted_proxies.ranges.size(), 3u);
  EXPECT_TRUE(c.trusted_proxies.ranges[0].contains("10.9.8.7"));
  EXPECT_EQ(c.client_limits.rate.requests, 5);
  EXPECT_EQ(c.client_limits.burst, 7);
  EXPECT_EQ(c.client_limits.refresh_burst, 2);  // one refresh window's worth by default
  ASSERT_TRUE(c.metrics_listen);
  EXPECT_EQ(c.metrics_listen->port, 9464);

  EXPECT_TRUE(c.client_limits.requests);  // naming rate or burst opts in to the request budget

  // No section: the refresh budget protects the clouds' rate limits; requests are not limited.
  const auto defaults = load_config_string("{}", "test.yaml", env({}));
  EXPECT_TRUE(defaults.client_limits.enabled);
  EXPECT_FALSE(defaults.client_limits.requests);
  EXPECT_EQ(defaults.client_limits.burst, 20);
  // Tuning only the refresh budget does not opt in to request limits.
  const auto refresh_only = load_config_string("client_limits: { refresh: 3/m }\n", "test.yaml", env({}));
  EXPECT_FALSE(refresh_only.client_limits.requests);
  EXPECT_EQ(refresh_only.client_limits.refresh.requests, 3);
  EXPECT_TRUE(load_config_string("client_limits: { burst: 50 }\n", "test.yaml", env({})).client_limits.requests);
  EXPECT_FALSE(load_config_string("client_limits: { enabled: false }\n", "test.yaml", env({})).client_limits.enabled);
  EXPECT_TRUE(defaults.base_path.empty());
  EXPECT_TRUE(defaults.trusted_proxies.ranges.empty());
  // One header family is believed: X-Forwarded-For unless the proxies write Forwarded.
  EXPECT_EQ(defaults.trusted_proxies.header, qg::http::ClientHeader::kXForwardedFor);
  EXPECT_EQ(load_config_string("forwarded_header: Forwarded\n", "test.yaml", env({})).trusted_proxies.header,
            qg::http::ClientHeader::kForwarded);
  EXPECT_NE(error_of("forwarded_header: x-real-ip\n", env({})).find("test.yaml:1: forwarded_header: must be"),
            std::string::npos);

  const auto error = error_of(R"(
base_path: ../up
trusted_proxies: [10.0.0.0/33]
client_limits: { rate: lots, refresh: 0/s, burst: 0 }
metrics_listen: 127.0.0.1:8080
)", env({}));
  for (const char* expected : {"test.yaml:2: base_path", "test.yaml:3: trusted_proxies[0]: is not an address",
                               "test.yaml:4: client_limits.rate", "client_limits.refresh", "client_limits.burst"}) {
    EXPECT_NE(error.find(expected), std::string::npos) << expected << " in:\n" << error;
  }
  EXPECT_NE(error_of("metrics_listen: 127.0.0.1:8080\n", env({})).find("metrics_listen: must use another port"),
            std::string::npos);
}

}  // namespace

namespace {

TEST(ConfigCredentials, ASourceInsteadOfKeysIsCheckedForWhatItNeeds) {
  const auto c = load_config_string(R"(
accounts:
  - name: live
    provider: tencent-live
    credentials: { source: instance_role, metadata_endpoint: "http://100.64.0.1" }
  - name: rtc
    provider: alibaba-ice
    region: cn-shanghai
    credentials: { source: oidc, role_arn: "acs:ram::1:role/qg", oidc_provider_arn: "acs:ram::1:oidc-provider/ack",
                   token_file: /var/run/secrets/tokens/oidc-token, duration: 1h }
  - name: ai
    provider: alibaba-aicontent
    credentials: { source: default }
)", "test.yaml", env({}));
  ASSERT_TRUE(c.accounts[0].credentials);
  EXPECT_EQ(c.accounts[0].credentials->source, "instance_role");
  EXPECT_EQ(c.accounts[1].credentials->duration, std::chrono::milliseconds(3600s));
  EXPECT_EQ(c.accounts[2].credentials->source, "default");

  const auto error = error_of(R"(
accounts:
  - { name: a, provider: tencent-live, secret_id: x, secret_key: y, credentials: { source: default } }
  - { name: b, provider: tencent-live, credentials: { source: magic } }
  - { name: c, provider: tencent-live, credentials: { source: oidc, role_arn: r } }
  - { name: d, provider: alibaba-ice, region: cn-shanghai, credentials: { source: oidc, sts_endpoint: "http://sts.example" } }
  - { name: e, provider: alibaba-ice, region: cn-shanghai }
)", env({}));
  for (const char* expected :
       {"accounts[0].credentials: excludes static keys", "accounts[1].credentials.source: must be default, instance_role or oidc",
        "accounts[2].credentials.token_file: is required", "accounts[2].credentials.provider_id: is required",
        "accounts[3].credentials.sts_endpoint: 'http://sts.example' is plain HTTP",
        "accounts[3].credentials.oidc_provider_arn: is required", "credentials: { source: default }"}) {
    EXPECT_NE(error.find(expected), std::string::npos) << expected << " in:\n" << error;
  }
}

// A leaf path as the smallest YAML that sets it, in flow style:
// "accounts[].credentials.duration" becomes "accounts: [{credentials: {duration: x}}]".
std::string yaml_setting(std::string_view path) {
  const auto dot = path.find('.');
  if (dot == std::string_view::npos) return std::string(path) + ": x";
  std::string_view key = path.substr(0, dot);
  const std::string inner = yaml_setting(path.substr(dot + 1));
  if (key.ends_with("[]")) return std::string(key.substr(0, key.size() - 2)) + ": [{" + inner + "}]";
  return std::string(key) + ": {" + inner + "}";
}

// The lists --list-config-keys prints are the lists the loader checks: every leaf is accepted
// where the path says, and a key next to it that no list has is refused.
TEST(ConfigKeys, EveryListedLeafIsAcceptedWhereItsPathSays) {
  const auto leaves = keys::leaf_paths();
  ASSERT_GT(leaves.size(), 90u);
  for (const auto& path : leaves) {
    const auto error = error_of(yaml_setting(path), env({}));
    EXPECT_EQ(error.find("unknown key"), std::string::npos) << path << ":\n" << yaml_setting(path) << error;
    for (const auto& section : keys::kSections) EXPECT_NE(path, section.path) << "a section listed as a leaf";
  }
  for (const char* path : {"accounts[].credentials.durations", "limits.read_timeouts", "no_such_key"}) {
    EXPECT_NE(error_of(yaml_setting(path), env({})).find("unknown key"), std::string::npos) << path;
  }
  EXPECT_EQ(yaml_setting("accounts[].credentials.duration"), "accounts: [{credentials: {duration: x}}]");
}

TEST(ConfigBoundedWork, WorkerThreadsAndTheExportCapsAreReadWithDefaultsAndBounds) {
  const auto c = load_config_string("worker_threads: 3\nexports: { max_concurrent: 4, max_pinned_bytes: 67108864, "
                                    "deadline: 90s }\n", "test.yaml", env({}));
  EXPECT_EQ(c.worker_threads, 3);
  EXPECT_EQ(c.exports.max_concurrent, 4u);
  EXPECT_EQ(c.exports.max_pinned_bytes, 64u << 20);
  EXPECT_EQ(c.exports.deadline, std::chrono::seconds(90));

  const auto defaults = load_config_string("{}", "test.yaml", env({}));
  EXPECT_EQ(defaults.worker_threads, 0);  // half the cores, 1 to 4
  EXPECT_EQ(defaults.exports.max_concurrent, 16u);
  EXPECT_EQ(defaults.exports.max_pinned_bytes, 256u << 20);
  EXPECT_EQ(defaults.exports.deadline, std::chrono::minutes(10));

  const auto error = error_of("worker_threads: 1000\nexports: { max_concurrent: 0, max_pinned_bytes: 10, deadline: 2d, "
                              "slow: yes }\n", env({}));
  for (const char* expected : {"test.yaml:1: worker_threads", "exports.max_concurrent", "exports.max_pinned_bytes",
                               "exports.deadline", "exports.slow"}) {
    EXPECT_NE(error.find(expected), std::string::npos) << expected << " in:\n" << error;
  }
}

}  // namespace
