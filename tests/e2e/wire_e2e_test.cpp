// Large warm answers on the wire of the real gateway (sent from sealed files with sendfile once
// a variant is hot): every response framed exactly (its Content-Length is what arrives, the
// next response on the connection parses), HEAD and 304 carry no body, keep-alive holds, gzip
// bodies inflate to the identity ones, and a client leaving mid-body costs only its connection.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>


#include <gtest/gtest.h>

#include "tests/e2e/e2e_support.hpp"
#include "tests/support/gunzip.hpp"

namespace {

using namespace qg::test;

// The items of a /quotas body: what stays byte-identical while the sources' ages move.
std::string items_of(const std::string& body) {
  const auto end = body.find("],\"sources\":[");
  return end == std::string::npos ? std::string() : body.substr(0, end);
}

class WireE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    emulator_ = new Emulator();
    gateway_ = new Gateway(*emulator_);
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
Emulator* WireE2E::emulator_ = nullptr;
Gateway* WireE2E::gateway_ = nullptr;

TEST_F(WireE2E, RepeatedLargeAnswersKeepTheConnectionAndTheirBytes) {
  TestClient client(port());
  std::string first_items;
  for (int i = 0; i < 40; ++i) {
    const auto r = client.get("/quotas?page_size=1000");
    ASSERT_EQ(r.status, 200u) << r.error;
    EXPECT_EQ(r.header("Content-Length"), std::to_string(r.body.size()));
    EXPECT_GT(r.body.size(), 64u * 1024);
    const auto doc = r.json();
    EXPECT_EQ(doc.at("items").as_array().size(), doc.at("total_items").as_int64());
    if (i == 0) first_items = items_of(r.body);
    EXPECT_EQ(items_of(r.body), first_items);
    // A small answer in between: it parses only if the large one before it was framed exactly.
    EXPECT_EQ(client.get("/healthz").status, 200u);
  }
  EXPECT_EQ(client.connections_opened(), 1u);
}

TEST_F(WireE2E, HeadAndNotModifiedHaveNoBodyAndTheConnectionGoesOn) {
  TestClient client(port());
  const auto full = client.get("/quotas");
  ASSERT_EQ(full.status, 200u);
  const auto etag = full.header("ETag");
  ASSERT_FALSE(etag.empty());
  for (int i = 0; i < 5; ++i) {
    const auto head = client.request("HEAD", "/quotas");
    EXPECT_EQ(head.status, 200u);
    EXPECT_TRUE(head.body.empty());
    EXPECT_EQ(head.header("ETag"), etag);
    EXPECT_FALSE(head.header("Content-Length").empty());
    const auto revalidated = client.get("/quotas", {{"If-None-Match", etag}});
    EXPECT_EQ(revalidated.status, 304u);
    EXPECT_TRUE(revalidated.body.empty());
    const auto again = client.get("/quotas");
    EXPECT_EQ(again.status, 200u);
    EXPECT_EQ(items_of(again.body), items_of(full.body));
  }
  EXPECT_EQ(client.connections_opened(), 1u);
}

// RFC 9110 §15.4.5: a 304 sends the fields a cache updates its stored response with, not the
// representation metadata of the body it does not send (Content-Type, Content-Disposition).
TEST_F(WireE2E, NotModifiedCarriesTheValidatorAndCachingFieldsButNoRepresentationMetadata) {
  TestClient client(port());
  for (const char* target : {"/quotas?page_size=5", "/quotas?format=csv", "/quotas?format=ndjson&page_size=5"}) {
    const auto full = client.get(target);
    ASSERT_EQ(full.status, 200u) << target;
    EXPECT_FALSE(full.header("Content-Type").empty());
    const auto revalidated = client.get(target, {{"If-None-Match", full.header("ETag")}});
    ASSERT_EQ(revalidated.status, 304u) << target;
    for (const char* kept : {"ETag", "Cache-Control", "Vary", "Date"}) {
      EXPECT_FALSE(revalidated.header(kept).empty()) << target << " " << kept;
    }
    EXPECT_EQ(revalidated.header("ETag"), full.header("ETag"));
    EXPECT_EQ(revalidated.header("Vary"), full.header("Vary"));
    for (const char* dropped : {"Content-Type", "Content-Disposition", "Content-Encoding"}) {
      EXPECT_FALSE(revalidated.has_header(dropped)) << target << " " << dropped;
    }
  }
}

TEST_F(WireE2E, GzipBodiesInflateToTheIdentityOnes) {
  TestClient client(port());
  for (int i = 0; i < 10; ++i) {
    const auto plain = client.get("/quotas?page_size=1000");
    const auto zipped = client.get("/quotas?page_size=1000", {{"Accept-Encoding", "gzip"}});
    ASSERT_EQ(zipped.status, 200u);
    EXPECT_EQ(zipped.header("Content-Encoding"), "gzip");
    EXPECT_EQ(zipped.header("Content-Length"), std::to_string(zipped.body.size()));
    EXPECT_EQ(items_of(gunzip(zipped.body)), items_of(plain.body));
  }
  EXPECT_EQ(client.connections_opened(), 1u);
}

TEST_F(WireE2E, AClientLeavingMidBodyCostsOnlyItsConnection) {
  for (int i = 0; i < 20; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port());
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    timeval tv{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    const std::string request = "GET /quotas?page_size=1000 HTTP/1.1\r\nHost: t\r\n\r\n";
    ASSERT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
    char some[1024];
    EXPECT_GT(::recv(fd, some, sizeof some, 0), 0);
    const linger reset{1, 0};  // a reset, not a polite close
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    ::close(fd);
  }
  TestClient client(port());
  const auto r = client.get("/quotas?page_size=1000");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.header("Content-Length"), std::to_string(r.body.size()));
  EXPECT_TRUE(gateway_->process().running());
}

}  // namespace
