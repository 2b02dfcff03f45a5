// Work and memory a peer can cause stay bounded (issue 24): a hostile upstream's huge reply is
// read and mapped on the worker threads while probes and warm answers go on; slow export
// readers meet the export cap (503) and the total deadline; rotating client addresses cannot
// push an account past its refresh budget.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "tests/e2e/e2e_support.hpp"
#include "tests/support/scripted_upstream.hpp"

namespace {

using namespace qg::test;
using namespace std::chrono_literals;

// The value of an unlabelled sample in a Prometheus text body; -1 when absent.
double metric(const std::string& body, const std::string& name) {
  const std::string line = "\n" + name + " ";
  const auto at = body.find(line);
  return at == std::string::npos ? -1 : std::stod(body.substr(at + line.size()));
}

double scrape(std::uint16_t port, const std::string& name) { return metric(http_get(port, "/metrics").body, name); }

// A client that sends one request and then reads only when told: a slow reader. Its receive
// buffer is small, so the gateway's writes block as soon as its own send buffer is full.
class SlowReader {
 public:
  SlowReader(std::uint16_t port, const std::string& target) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    const int small = 4096;
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    timeval tv{20, 0};  // no test read may block forever
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    const std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    sent_ = connected_ && ::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size());
  }
  ~SlowReader() { ::close(fd_); }
  bool ready() const { return connected_ && sent_; }
  // Everything until the gateway closes the connection.
  std::string read_to_end() {
    std::string out;
    char buf[65536];
    for (ssize_t n; (n = ::recv(fd_, buf, sizeof buf, 0)) > 0;) out.append(buf, static_cast<std::size_t>(n));
    return out;
  }

 private:
  int fd_ = -1;
  bool connected_ = false, sent_ = false;
};

// One page of ICE licenses, each carrying `padding` bytes the mapping must copy and keep.
std::string ice_page(int first_id, int items, int total, std::size_t padding) {
  std::string body = R"({"RequestId":"heavy","TotalCount":)" + std::to_string(total) + R"(,"LicenseInfoList":[)";
  const std::string pad(padding, 'x');
  for (int i = 0; i < items; ++i) {
    if (i) body += ',';
    body += R"({"LicenseItemId":"L)" + std::to_string(first_id + i) +
            R"(","Type":1,"Status":1,"LicenseCount":10,"ExpiredOn":"2027-01-01T00:00:00Z","Note":")" + pad + "\"}";
  }
  return body + "]}";
}

Reply json_reply(std::string body) {
  Reply r;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = std::move(body);
  return r;
}

TEST(BoundedE2E, ProbesAndWarmAnswersGoOnWhileAHostileReplyIsMappedOnTheWorkers) {
  Emulator emulator;
  ScriptedUpstream hostile;
  hostile.set_default(json_reply(ice_page(1, 1, 1, 0)));  // the warm-up: one small license
  GatewayOptions o;
  o.ice = o.aicontent = false;
  // One serving thread and one worker: the serving thread must never be the one mapping.
  o.extra_yaml = "threads: 1\nworker_threads: 1\nrequest_deadline: 60s\nrefresh: { enabled: false, budget_share: 1.0 }\n";
  const std::string yaml = gateway_config(emulator, o) +
                           "  - { name: heavy, provider: alibaba-ice, region: cn-shanghai, page_size: 100, "
                           "rate_limit: 100/s, endpoint: \"http://127.0.0.1:" + std::to_string(hostile.port()) +
                           "\", access_key_id: " + kAlibabaId + ", access_key_secret: " + kAlibabaKey + " }\n";
  Gateway gateway(yaml);
  gateway.wait_ready();
  const auto port = gateway.port();
  ASSERT_EQ(http_get(port, "/quotas?account=live-test&page_size=1").status, 200u);
  ASSERT_EQ(http_get(port, "/metrics").status, 200u);  // both sets rendered: later scrapes reuse that

  // Four pages of 100 licenses × 100 KB: ~40 MB to parse, map, de-duplicate and index. A round
  // can end before a scrape catches a job on the worker (a fast machine); then another round.
  bool answered_meanwhile = false;
  for (int round = 0; round < 5 && !answered_meanwhile; ++round) {
    for (int page = 0; page < 4; ++page) hostile.push(json_reply(ice_page(round * 1000 + page * 100, 100, 400, 100'000)));
    auto heavy = std::async(std::launch::async, [port] {
      TestClient c(port);
      return c.request("GET", "/quotas?account=heavy&refresh=true&page_size=1", {}, {}, 120s);
    });
    const auto pending = [&] { return heavy.wait_for(0s) != std::future_status::ready; };
    bool working = false;
    while (pending() && !working) working = scrape(port, "quotagw_worker_jobs_running") >= 1;
    if (working) {
      // The serving thread answered that scrape while a job ran; now a probe and a warm answer.
      const auto health = http_get(port, "/healthz");
      const auto warm = http_get(port, "/quotas?account=live-test&page_size=1");
      EXPECT_EQ(health.status, 200u);
      EXPECT_EQ(warm.status, 200u);
      EXPECT_EQ(source_of(warm.json(), "live-test").at("status").as_string(), "ok");
      answered_meanwhile = pending();  // ... while the hostile fetch was still in progress
    }
    const auto done = heavy.get();
    ASSERT_EQ(done.status, 200u) << done.error << done.body.substr(0, 300);
    EXPECT_EQ(done.json().at("total_items").as_int64(), 400);
  }
  EXPECT_TRUE(answered_meanwhile);
  EXPECT_EQ(scrape(port, "quotagw_worker_jobs_abandoned_total"), 0);
}

TEST(BoundedE2E, SlowExportReadersMeetTheExportCapAndTheTotalDeadline) {
  // ~7,000 records: an NDJSON export with raw objects of over 6 MB, more than the
  // kernel buffers between the gateway and a client that does not read.
  Emulator emulator({"--tencent-packages", "1000,1000,1000", "--ice-licenses", "2000", "--aicontent-resources", "2000",
                     "--tencent-rate-limit", "0", "--alibaba-rate-limit", "0"});
  GatewayOptions o;
  // write_timeout is far away: only the export's total deadline can end a stalled export.
  o.extra_yaml = "exports: { max_concurrent: 2, deadline: 3s }\nlimits: { write_timeout: 1h }\n";
  Gateway gateway(emulator, o);
  gateway.wait_ready();
  const auto port = gateway.port();
  const std::string target = "/quotas?format=ndjson&include=raw";

  SlowReader first(port, target), second(port, target);
  ASSERT_TRUE(first.ready() && second.ready());
  ASSERT_TRUE(wait_until([&] { return scrape(port, "quotagw_exports_active") == 2; }));

  const auto refused = http_get(port, target);
  EXPECT_EQ(refused.status, 503u);
  EXPECT_EQ(refused.header("Content-Type"), "application/problem+json");
  EXPECT_GE(std::stoi(refused.header("Retry-After")), 1);
  EXPECT_EQ(refused.json().at("type").as_string(), "https://quota-gateway.dev/problems/exports-busy");
  EXPECT_EQ(http_get(port, "/quotas?format=ndjson&page_size=10").status, 200u);  // pages are not exports

  // Neither reader reads: the total deadline ends both exports and gives their memory back.
  ASSERT_TRUE(wait_until([&] { return scrape(port, "quotagw_exports_cut_total") == 2; }, 30s));
  EXPECT_EQ(scrape(port, "quotagw_exports_active"), 0);
  EXPECT_EQ(scrape(port, "quotagw_exports_pinned_bytes"), 0);
  for (auto* reader : {&first, &second}) {
    const std::string got = reader->read_to_end();  // ends because the gateway closed the connection
    EXPECT_TRUE(got.starts_with("HTTP/1.1 200")) << got.substr(0, 100);
    EXPECT_FALSE(got.ends_with("\r\n0\r\n\r\n")) << "a cut export must not look complete";
  }
  const auto whole = http_get(port, target);
  EXPECT_EQ(whole.status, 200u);
  EXPECT_GT(whole.body.size(), 1u << 20);
  EXPECT_EQ(scrape(port, "quotagw_exports_refused_total"), 1);
}

TEST(BoundedE2E, RotatingClientAddressesCannotPushAnAccountPastItsRefreshBudget) {
  Emulator emulator;
  GatewayOptions o;
  o.ice = o.aicontent = false;
  // Each request comes from a new address (through the trusted proxy): the per-client refresh
  // limit never bites, only the account's budget (20/s × refresh.budget_share 0.5) can.
  o.extra_yaml = "trusted_proxies: [127.0.0.1/32]\nclient_limits: { rate: 1000/s, burst: 1000, refresh: 6/m }\n"
                 "refresh: { enabled: false }\n";
  Gateway gateway(emulator, o);
  gateway.wait_ready();
  emulator.reset();  // the flood's calls only
  const auto port = gateway.port();

  std::atomic<bool> stop{false};
  std::atomic<int> failed{0};
  std::vector<std::thread> flood;
  for (int t = 0; t < 4; ++t) {
    flood.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        const std::string client = "10." + std::to_string(t) + "." + std::to_string(i / 256 % 256) + "." + std::to_string(i % 256);
        const auto r = http_get(port, "/quotas?refresh=true&page_size=1", {{"X-Forwarded-For", client}});
        // Each is answered: by a fetch the budget admitted, by joining one in flight, or (no slot
        // free) from the cache with X-Quota-Refresh-Skipped.
        if (r.status != 200) ++failed;
      }
    });
  }
  // Long enough for many budget windows: 40 calls is four seconds of a 10/s budget. wait_until
  // backs off between polls, so polling does not crowd the gateway off the CPU and bunch its calls.
  const bool enough = wait_until([&] {
    return emulator.calls("tencent-live") >= 40;
  }, 60s);
  stop = true;
  for (auto& t : flood) t.join();
  ASSERT_TRUE(enough);
  EXPECT_EQ(failed, 0);
  // The emulator's own count of arrivals in any rolling second: the budget, not the account's 20/s.
  const auto api = emulator.api_stats("tencent-live");
  EXPECT_LE(api.at("max_in_any_1s_window").to_number<std::int64_t>(), 10);
}

}  // namespace
