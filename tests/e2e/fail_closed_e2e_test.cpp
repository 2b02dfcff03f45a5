// Fail closed: what a careless operator or a hostile client tries gets a clear refusal, never a
// gateway that runs open, frames a request two ways, grows without bound or dies of a signal.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <regex>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "tests/e2e/e2e_support.hpp"

namespace {

using namespace qg::test;
using namespace std::chrono_literals;

// A raw TCP exchange: everything the server sends until it closes the connection.
std::string exchange(std::uint16_t port, std::string_view bytes) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    char buf[65536];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

// Starts the gateway on a configuration that must be refused; its exit code and output.
std::pair<int, std::string> refused_start(const std::string& yaml) {
  ChildProcess p(binary_path("quota-gateway"), {"--config", write_temp_file(yaml)});
  const int code = p.wait_exit(10s);
  return {code, p.output()};
}

class FailClosedE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    emulator_ = new Emulator();
    gateway_ = new Gateway(*emulator_, GatewayOptions{.extra_yaml = "cors: { allowed_origins: ['*'] }\n"});
    gateway_->wait_ready();
  }
  static void TearDownTestSuite() {
    delete gateway_;
    delete emulator_;
  }
  static std::uint16_t port() { return gateway_->port(); }
  static Emulator* emulator_;
  static Gateway* gateway_;
};
Emulator* FailClosedE2E::emulator_ = nullptr;
Gateway* FailClosedE2E::gateway_ = nullptr;

TEST_F(FailClosedE2E, ASmuggledRequestBehindAnAmbiguousTransferEncodingIsNeverAnswered) {
  const std::string hidden = "GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", hidden.size());
  const std::string chunked = std::string(size) + "\r\n" + hidden + "\r\n0\r\n\r\n";
  for (const std::string te : {"chunked, identity", "xchunked", "identity", "chunked, chunked", "gzip"}) {
    const auto answer = exchange(port(), "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + te +
                                             "\r\nContent-Length: 4\r\n\r\n" + chunked);
    EXPECT_EQ(count(answer, "HTTP/1.1 "), 1u) << te << ":\n" << answer;
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << te << ":\n" << answer.substr(0, 200);
    EXPECT_NE(answer.find("Connection: close"), std::string::npos) << te;
  }
  // Chunked and Content-Length together: refused as well.
  const auto both = exchange(port(), "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                     "Content-Length: 4\r\n\r\n" + chunked);
  EXPECT_EQ(count(both, "HTTP/1.1 "), 1u) << both;
  EXPECT_TRUE(both.starts_with("HTTP/1.1 400"));
}

TEST_F(FailClosedE2E, MissingOrRepeatedHostIs400AndTransferEncodingOnHttp10Closes) {
  EXPECT_TRUE(exchange(port(), "GET /healthz HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 400"));
  EXPECT_TRUE(exchange(port(), "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").starts_with("HTTP/1.1 400"));
  // HTTP/1.0 without Host is fine; with chunked framing the connection ends after the answer.
  const auto old = exchange(port(), "POST /healthz HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"
                                    "0\r\n\r\nGET /readyz HTTP/1.0\r\n\r\n");
  EXPECT_EQ(count(old, "HTTP/1.1 "), 1u) << old;
  EXPECT_NE(old.find("Connection: close"), std::string::npos) << old;
}

TEST_F(FailClosedE2E, ClientChosenMethodsNeverBecomeMetricLabels) {
  for (int i = 0; i < 50; ++i) {
    exchange(port(), "M" + std::to_string(i) + "AAAAAAAAAAAAAAAA /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  }
  const auto metrics = gateway_->get("/metrics").body;
  EXPECT_EQ(metrics.find("AAAAAAAAAAAA"), std::string::npos);
  EXPECT_NE(metrics.find("method=\"other\""), std::string::npos);
}

TEST_F(FailClosedE2E, ThousandsOfBadParametersGetASmallAnswer) {
  std::string target = "/quotas?";
  for (int i = 0; i < 1500; ++i) target += "x" + std::to_string(i) + "=1&";
  const auto r = gateway_->get(target);
  EXPECT_EQ(r.status, 400u);
  EXPECT_LT(r.body.size(), 16u * 1024) << r.body.size();
  const auto body = r.json().as_object();
  EXPECT_EQ(body.at("invalid_params").as_array().size(), 20u);
  EXPECT_EQ(body.at("invalid_params_total").to_number<int>(), 1500);
}

TEST_F(FailClosedE2E, RawBytesInTheTargetAreEscapedInProblemsAndLogsAndQueryKeysAreRedacted) {
  const auto r = exchange(port(), "GET /no\xe2\x80\xaepe\xc2\x85 HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(r.find("no%E2%80%AEpe%C2%85"), std::string::npos) << r;
  EXPECT_EQ(r.find("\xe2\x80\xae"), std::string::npos);
  EXPECT_EQ(gateway_->get("/quotas?page_size=1&api_key=SUPERSECRETKEY1").status, 400u);
  ASSERT_TRUE(wait_until([&] {
    gateway_->get("/healthz");  // keeps log lines flowing until the buffered ones show up
    return gateway_->process().output().find("api_key=***") != std::string::npos;
  }));
  const auto log = gateway_->process().output();
  EXPECT_EQ(log.find("SUPERSECRETKEY1"), std::string::npos);
  EXPECT_EQ(log.find("\xe2\x80\xae"), std::string::npos);
}

TEST_F(FailClosedE2E, NumbersAreStrictInQueriesAndHeaders) {
  for (const char* target : {"/quotas?max_utilization=0x1p-1", "/quotas?max_utilization=%200.5",
                             "/quotas?max_utilization=1e-400", "/quotas?min_remaining=%205"}) {
    EXPECT_EQ(gateway_->get(target).status, 400u) << target;
  }
  // Leading whitespace of a header value is not part of it (RFC 9110 §5.5); inside it, it is.
  EXPECT_EQ(gateway_->get("/quotas", {{"Request-Timeout", "2 s"}}).status, 400u);
  EXPECT_EQ(gateway_->get("/quotas", {{"Request-Timeout", "+2"}}).status, 400u);
  EXPECT_EQ(gateway_->get("/quotas", {{"Request-Timeout", "0x10"}}).status, 400u);
  EXPECT_EQ(gateway_->get("/quotas?page_size=1", {{"Request-Timeout", "2.5"}}).status, 200u);
}

TEST_F(FailClosedE2E, AWildcardOriginIsNotReflectedForTheNullOrigin) {
  const auto null_origin = gateway_->get("/quotas?page_size=1", {{"Origin", "null"}});
  EXPECT_FALSE(null_origin.has_header("Access-Control-Allow-Origin"));
  const auto real = gateway_->get("/quotas?page_size=1", {{"Origin", "https://app.example"}});
  EXPECT_EQ(real.header("Access-Control-Allow-Origin"), "https://app.example");
}

TEST(FailClosedStartE2E, AnAuthSectionWithoutKeysOrAnUnusableKeyFileRefusesToStart) {
  char tmpl[] = "/tmp/qg-e2e-XXXXXX";
  const std::string dir = ::mkdtemp(tmpl);
  const std::string empty = write_temp_file("# no keys here\n\n", ".keys");
  ::mkfifo((dir + "/fifo").c_str(), 0600);
  for (const std::string& auth : std::vector<std::string>{"auth: { api_keys: [] }", "auth: { api_keys_file: " + empty + " }",
                                 "auth: { api_keys_file: " + dir + " }", "auth: { api_keys_file: " + dir + "/fifo }"}) {
    const auto [code, output] = refused_start("listen: 127.0.0.1:0\n" + auth + "\n");
    EXPECT_EQ(code, 2) << auth << "\n" << output;
    EXPECT_NE(output.find(":2: auth"), std::string::npos) << auth << "\n" << output;
    EXPECT_EQ(output.find("listening"), std::string::npos) << auth;
  }
}

// Paths no process can use as its history database, root included (permissions would not stop
// root): a directory, a path under a regular file, and a file that is not SQLite. Each stops the
// start with history.path and the reason, instead of a gateway running without its history.
TEST(FailClosedStartE2E, AHistoryFileThatCannotBeUsedStopsTheStart) {
  char tmpl[] = "/tmp/qg-e2e-XXXXXX";
  const std::string dir = ::mkdtemp(tmpl);
  const std::string regular = write_temp_file("a file, not a directory\n", ".txt");
  const std::string not_sqlite = write_temp_file(std::string(8192, 'x'), ".db");
  const std::vector<std::pair<std::string, std::string>> unusable{
      {dir, "is a directory"}, {regular + "/history.db", "is not a directory"}, {not_sqlite, "history.path: "}};
  for (const auto& [path, why] : unusable) {
    const auto [code, output] = refused_start(
        "listen: 127.0.0.1:0\nhistory: { path: " + path +
        " }\naccounts:\n  - { name: a, provider: tencent-live, secret_id: x, secret_key: y }\n");
    EXPECT_EQ(code, 2) << path << "\n" << output;
    EXPECT_NE(output.find("history.path: "), std::string::npos) << path << "\n" << output;
    EXPECT_NE(output.find(why), std::string::npos) << path << "\n" << output;
    EXPECT_EQ(output.find("listening"), std::string::npos) << path;
  }
}

TEST(FailClosedStartE2E, StartUpErrorsNameTheKeyAndLineAndNeverTheSecret) {
  const auto [code, output] = refused_start(
      "listen: 127.0.0.1:0\naccounts:\n  - name: a\n    provider: tencent-live\n    secret_id: x\n    secret_key: y\n"
      "    endpoint: http://user:TOPSECRET@10.9.8.7\nredis: { url: 'redis://:TOPSECRET@h:99999/0' }\n"
      "request_deadline: 110000d\n");
  EXPECT_EQ(code, 2) << output;
  EXPECT_EQ(output.find("TOPSECRET"), std::string::npos) << output;
  EXPECT_NE(output.find(":8: redis.url"), std::string::npos) << output;
  EXPECT_NE(output.find(":9: request_deadline"), std::string::npos) << output;
  const auto [code2, output2] = refused_start(
      "listen: 127.0.0.1:0\naccounts:\n  - name: a\n    provider: tencent-live\n    secret_id: x\n    secret_key: y\n"
      "    endpoint: http://user:TOPSECRET@10.9.8.7\n");
  EXPECT_EQ(code2, 2) << output2;
  EXPECT_NE(output2.find(":7: accounts[0].endpoint"), std::string::npos) << output2;
  EXPECT_EQ(output2.find("TOPSECRET"), std::string::npos) << output2;
}

TEST(FailClosedSignalsE2E, AClosedLogPipeDropsLinesInsteadOfKillingTheGateway) {
  Emulator emulator;
  ChildProcess gateway(binary_path("quota-gateway"),
                       {"--config", write_temp_file(gateway_config(emulator, {}) + "log: { level: info, format: json }\n")},
                       {}, StderrMode::kBrokenPipe);
  const auto port = wait_for_port(gateway);
  // Enough access-log lines to overflow the stdio buffer and a flush or two.
  for (int i = 0; i < 400; ++i) ASSERT_EQ(http_get(port, "/healthz").status, 200u) << i;
  ASSERT_TRUE(wait_until([&] {
    const auto m = http_get(port, "/metrics").body;
    std::smatch match;
    return std::regex_search(m, match, std::regex(R"(quotagw_log_lines_dropped_total ([0-9.e+]+))")) &&
           std::stod(match[1]) > 0;
  }));
  EXPECT_TRUE(gateway.running());
  EXPECT_EQ(gateway.stop(SIGTERM), 0);
}

TEST(FailClosedSignalsE2E, SighupKeepsServingAndEveryExitFlushesTheLog) {
  Emulator emulator;
  Gateway gateway(emulator);
  gateway.wait_ready();
  ASSERT_EQ(::kill(gateway.process().pid(), SIGHUP), 0);
  ASSERT_TRUE(wait_until([&] { return gateway.process().output().find("SIGHUP") != std::string::npos; }));
  EXPECT_EQ(gateway.get("/quotas?page_size=1").status, 200u);
  EXPECT_EQ(gateway.get("/healthz", {{"X-Request-Id", "last-before-exit"}}).status, 200u);
  EXPECT_EQ(gateway.process().stop(SIGTERM), 0);
  // The last access-log line was buffered when SIGTERM came: the exit path wrote it out.
  EXPECT_NE(gateway.process().output().find("last-before-exit"), std::string::npos);
  EXPECT_NE(gateway.process().output().find("\"msg\":\"stopped\""), std::string::npos);
}

TEST(FailClosedSignalsE2E, ARequestThatOutlivesTheGraceIsAnsweredFromTheCacheBeforeTheExit) {
  Emulator emulator;
  Gateway gateway(emulator, GatewayOptions{.extra_yaml = "request_deadline: 10m\nshutdown_grace: 1s\n"
                                                         "retry: { attempt_timeout: 10m }\n"});
  gateway.wait_ready();
  ASSERT_EQ(gateway.get("/quotas?page_size=1").status, 200u);
  emulator.faults(R"({"api":"tencent-live","hang":true})");
  TestResponse late;
  std::thread client([&] { late = http_get(gateway.port(), "/quotas?provider=tencent-live&refresh=true&page_size=1"); });
  ASSERT_TRUE(wait_until([&] { return emulator.api_stats("tencent-live").at("hung").to_number<int>() > 0; }));
  ASSERT_EQ(::kill(gateway.process().pid(), SIGTERM), 0);
  client.join();
  EXPECT_EQ(late.status, 200u) << late.error << late.body;
  EXPECT_EQ(source_of(late.json(), "live-test").at("status").as_string(), "stale") << late.body;
  EXPECT_EQ(gateway.process().wait_exit(20s), 0);
}

TEST(FailClosedDemoE2E, TheDemoEmulatorServesNoControlPlane) {
  ChildProcess demo(binary_path("quota-gateway"), {"--listen", "127.0.0.1:0"});
  wait_for_port(demo);
  const std::string url = demo.wait_for_line(std::regex(R"(emulator"?[=:]"?http://127\.0\.0\.1:([0-9]+))"));
  ASSERT_FALSE(url.empty()) << demo.output();
  const auto port = static_cast<std::uint16_t>(std::stoi(url));
  TestClient client(port);
  EXPECT_EQ(client.request("POST", "/__emulator/faults", {{"Content-Type", "application/json"}},
                           R"({"api":"tencent-live","fail_every":1})").status, 404u);
  EXPECT_EQ(client.request("POST", "/__emulator/reset").status, 404u);
  EXPECT_EQ(client.get("/__emulator/dataset").status, 404u);
}

}  // namespace
