#pragma once
// A small blocking HTTP/1.1 client for tests, with a hard time limit on every exchange. One
// instance keeps its connection alive across requests.

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

namespace qg::test {

struct TestResponse {
  unsigned status = 0;  // 0: no response (connection failed, closed or timed out)
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string error;  // why status is 0

  std::string header(std::string_view name) const;  // "" when absent
  bool has_header(std::string_view name) const;
  boost::json::value json() const;                  // fails the test on invalid JSON
};

using Headers = std::vector<std::pair<std::string, std::string>>;

class TestClient {
 public:
  explicit TestClient(std::uint16_t port, std::string host = "127.0.0.1");
  ~TestClient();

  TestResponse request(std::string method, std::string target, Headers headers = {}, std::string body = {},
                       std::chrono::milliseconds limit = std::chrono::seconds(15));
  TestResponse get(std::string target, Headers headers = {}) { return request("GET", std::move(target), std::move(headers)); }

  std::size_t connections_opened() const { return connections_; }

 private:
  struct Impl;
  Impl* impl_;
  std::size_t connections_ = 0;
};

// One request on a fresh connection.
TestResponse http_get(std::uint16_t port, std::string target, Headers headers = {});

}  // namespace qg::test
