#pragma once
// A real HTTP(S) server on 127.0.0.1:0 in its own thread, answering from a script: the fake
// upstream for client, fetch and retry tests (userver's HttpServerMock, Envoy's fake upstream).

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace qg::test {

struct Reply {
  unsigned status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool close = false;  // close the connection after this reply
  bool hang = false;   // never answer (until the server stops or the client leaves)
  std::size_t truncate_at = 0;  // > 0: send only this many bytes of the whole response, then close
};

struct Recorded {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string header(std::string_view name) const;
};

class ScriptedUpstream {
 public:
  enum class Tls { kNo, kYes, kWrongName };  // kWrongName: a trusted certificate for another host
  explicit ScriptedUpstream(Tls tls = Tls::kNo);
  ~ScriptedUpstream();

  void push(Reply reply);          // served in order
  void set_default(Reply reply);   // served when the queue is empty (default: 200 "{}")
  std::uint16_t port() const;
  std::size_t requests_seen() const;
  std::size_t connections_opened() const;
  std::vector<Recorded> recorded() const;

  static std::string ca_file();  // the CA that signed the server certificate
  static std::string untrusted_ca_file();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace qg::test
