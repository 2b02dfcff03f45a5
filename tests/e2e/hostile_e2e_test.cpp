// Hostile and broken clients: each gets its 4xx or a closed connection within the configured
// timeouts, memory stays bounded, and well-behaved clients are served meanwhile.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "tests/e2e/e2e_support.hpp"

namespace {

using namespace qg::test;
using namespace std::chrono_literals;

// A raw TCP client: what a browser or curl would never send.
class RawSocket {
 public:
  explicit RawSocket(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    timeval tv{10, 0};  // no test read may block forever
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~RawSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool connected() const { return connected_; }
  bool send(std::string_view bytes) { return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()); }
  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }
  // Everything until the peer closes (or 10 s pass without a byte).
  std::string read_all() {
    std::string out;
    char buf[65536];
    for (;;) {
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed_by_peer_ = n == 0 || errno == ECONNRESET;
        break;
      }
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }
  // Whether read_all ended because the peer closed, not because the receive timeout passed.
  bool closed_by_peer() const { return closed_by_peer_; }
  std::string read_some() {
    char buf[65536];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool closed_by_peer_ = false;
};

long rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return -1;
}

class HostileE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    emulator_ = new Emulator();
    GatewayOptions options;
    options.extra_yaml = "limits: { read_timeout: 1s, write_timeout: 2s, max_header_bytes: 4096, max_body_bytes: 1024 }\n";
    gateway_ = new Gateway(*emulator_, options);
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
Emulator* HostileE2E::emulator_ = nullptr;
Gateway* HostileE2E::gateway_ = nullptr;

TEST_F(HostileE2E, AnHttp10ClientGetsAnExportEndedByTheConnectionNotChunked) {
  RawSocket s(port());
  ASSERT_TRUE(s.connected());
  ASSERT_TRUE(s.send("GET /quotas?format=csv HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"));
  const std::string reply = s.read_all();
  const auto end = reply.find("\r\n\r\n");
  ASSERT_NE(end, std::string::npos) << reply.substr(0, 200);
  const std::string head = reply.substr(0, end);
  EXPECT_TRUE(head.starts_with("HTTP/1.1 200")) << head;
  EXPECT_EQ(head.find("Transfer-Encoding"), std::string::npos) << head;
  EXPECT_NE(head.find("Connection: close"), std::string::npos) << head;
  const std::string body = reply.substr(end + 4);
  EXPECT_TRUE(body.starts_with("id,provider,")) << body.substr(0, 100);
  std::size_t rows = 0;
  for (std::size_t pos = body.find("\r\n"); pos != std::string::npos; pos = body.find("\r\n", pos + 2)) ++rows;
  const auto total = head.find("X-Total-Count: ");
  ASSERT_NE(total, std::string::npos);
  EXPECT_EQ(rows - 1, std::stoul(head.substr(total + 15)));
}

TEST_F(HostileE2E, SlowlorisIsCutOffAtTheReadTimeoutWhileOthersAreServed) {
  RawSocket slow(port());
  ASSERT_TRUE(slow.connected());
  // The attacker never ends its header, and each byte comes well within read_timeout (1 s) of the
  // one before: only a deadline for the whole request can end this connection. It gives up after
  // kAttackBytes, ten times longer than read_timeout, the test's guard.
  constexpr auto kAttackPause = 100ms;  // the attack itself is slow on purpose
  constexpr int kAttackBytes = 100;
  std::atomic<bool> cut_off{false};
  std::thread trickle([&] {
    const std::string request = "GET /quotas HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    for (int sent = 0; sent < kAttackBytes; ++sent) {
      const char c = sent < static_cast<int>(request.size()) ? request[static_cast<std::size_t>(sent)] : 'a';
      if (!slow.send(std::string_view(&c, 1))) {
        cut_off = true;
        return;
      }
      std::this_thread::sleep_for(kAttackPause);
    }
  });
  // Meanwhile a normal client is served at once.
  EXPECT_EQ(http_get(port(), "/quotas?page_size=1").status, 200u);
  const std::string answer = slow.read_all();  // returns when the gateway closes the connection
  EXPECT_TRUE(slow.closed_by_peer()) << "the gateway kept the slow connection open";
  trickle.join();
  EXPECT_TRUE(cut_off) << "the attacker sent all its bytes: the deadline is per byte, not per request";
  EXPECT_EQ(answer, "");  // closed without an answer: a request that never arrived has none
}

TEST_F(HostileE2E, OversizedHeadersTargetAndBodyGetTheirStatusAndAClose) {
  {
    RawSocket s(port());
    s.send("GET /quotas HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(8000, 'a') + "\r\n\r\n");
    const auto r = s.read_all();
    EXPECT_TRUE(r.starts_with("HTTP/1.1 431")) << r.substr(0, 200);
    EXPECT_NE(r.find("application/problem+json"), std::string::npos);
  }
  {
    RawSocket s(port());
    s.send("GET /quotas?q=" + std::string(8000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_TRUE(s.read_all().starts_with("HTTP/1.1 431"));
  }
  {
    RawSocket s(port());
    s.send("POST /quotas HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'b'));
    EXPECT_TRUE(s.read_all().starts_with("HTTP/1.1 413"));
  }
}

TEST_F(HostileE2E, MalformedRequestsAre400ThenClosed) {
  for (const std::string bad : {"NOT HTTP AT ALL\r\n\r\n", "GET /quotas HTTP/9.9\r\n\r\n",
                                "GET /quotas HTTP/1.1\r\nHost x\r\n\r\n",
                                "GET /quotas HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
                                "GET /quotas HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n"}) {
    RawSocket s(port());
    s.send(bad);
    const auto r = s.read_all();
    EXPECT_TRUE(r.starts_with("HTTP/1.1 400")) << bad << " → " << r.substr(0, 100);
  }
}

TEST_F(HostileE2E, PipelinedAndHalfClosedRequestsAreAnsweredInOrder) {
  RawSocket s(port());
  s.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: first\r\n\r\n"
         "GET /quotas?page_size=0 HTTP/1.1\r\nHost: x\r\nX-Request-Id: second\r\n\r\n"
         "GET /readyz HTTP/1.1\r\nHost: x\r\nX-Request-Id: third\r\nConnection: close\r\n\r\n");
  s.shutdown_write();  // half-closed: we still read the answers
  const auto r = s.read_all();
  const auto first = r.find("X-Request-Id: first"), second = r.find("X-Request-Id: second"), third = r.find("X-Request-Id: third");
  ASSERT_NE(first, std::string::npos) << r;
  ASSERT_NE(second, std::string::npos);
  ASSERT_NE(third, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
  EXPECT_NE(r.find("HTTP/1.1 400"), std::string::npos);
}

TEST_F(HostileE2E, BadEncodingInParametersIs400NamingTheParameter) {
  for (const char* target : {"/quotas?q=%ZZ", "/quotas?q=%C3%28", "/quotas?q=%E2%82", "/quotas?%FF=1",
                             "/quotas?status=%00", "/quotas?sort=%2Fetc"}) {
    auto r = http_get(port(), target);
    EXPECT_EQ(r.status, 400u) << target;
    EXPECT_NE(r.body.find("invalid_params"), std::string::npos) << target;
  }
}

TEST_F(HostileE2E, TenThousandConnectionsOpenedAndDroppedLeaveMemoryBoundedAndServiceIntact) {
  const long before = rss_kib(gateway_->process().pid());
  for (int batch = 0; batch < 20; ++batch) {
    std::vector<std::unique_ptr<RawSocket>> sockets;
    for (int i = 0; i < 500; ++i) {
      sockets.push_back(std::make_unique<RawSocket>(port()));
      if (i % 3 == 0) sockets.back()->send("GET /quotas HTTP/1.1\r\nHost: x\r\n");  // half a request
    }
  }  // dropped: every socket closes abruptly
  EXPECT_EQ(http_get(port(), "/quotas?page_size=1").status, 200u);
  // Only the scrape itself is in flight: nothing the dropped connections started is left behind.
  ASSERT_TRUE(wait_until([&] { return http_get(port(), "/metrics").body.find("quotagw_http_requests_in_flight 1") != std::string::npos; }));
  const long after = rss_kib(gateway_->process().pid());
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  // Sanitizer runtimes hold freed memory back (ASan's quarantine alone keeps up to 256 MiB), so
  // RSS there says nothing about the gateway; the plain build (the default suite) checks the bound.
  (void)before;
  (void)after;
#else
  EXPECT_LT(after, before + 64 * 1024) << "RSS grew from " << before << " KiB to " << after << " KiB";
#endif
}

}  // namespace
