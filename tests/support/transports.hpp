#pragma once
// HttpTransport stand-ins for tests in simulated time: a scripted one that answers from a queue
// (and records what it was sent, when), and the provider emulator's I/O-free core behind the same
// interface, so adapters, the fetch loop and the service run against the real wire protocols with
// no sockets and no wall clock.

#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "adapters/common/transport.hpp"
#include "adapters/emulator/core.hpp"
#include "gateway/base/clock.hpp"

namespace qg::test {

struct ScriptedReply {
  unsigned status = 200;
  std::string body = "{}";
  adapters::HeaderList headers;
  std::chrono::milliseconds delay{0};            // simulated time before the answer
  std::optional<adapters::UpstreamError> error;  // a transport failure instead of an answer
  bool hang = false;                             // never answer: the attempt deadline ends it
};

struct SentRequest {
  adapters::HttpRequest request;
  base::SteadyTime at;
  base::SteadyTime deadline;
};

class ScriptedTransport final : public adapters::HttpTransport {
 public:
  explicit ScriptedTransport(base::Clock& clock) : clock_(clock) {}

  void push(ScriptedReply reply);
  void set_default(ScriptedReply reply);  // when the queue is empty (default: 200 "{}")

  boost::asio::awaitable<adapters::SendResult> send(adapters::Endpoint endpoint, adapters::HttpRequest request,
                                                    std::chrono::steady_clock::time_point deadline) override;

  std::vector<SentRequest> sent() const;

 private:
  base::Clock& clock_;
  mutable std::mutex mutex_;
  std::deque<ScriptedReply> queue_;
  ScriptedReply default_;
  std::vector<SentRequest> sent_;
};

// The emulator core answering in-process: signatures verified, real envelopes, paging,
// throttling and faults, with the emulator's latency spent in simulated time.
class EmulatorTransport final : public adapters::HttpTransport {
 public:
  EmulatorTransport(base::Clock& clock, emulator::EmulatorOptions options);

  boost::asio::awaitable<adapters::SendResult> send(adapters::Endpoint endpoint, adapters::HttpRequest request,
                                                    std::chrono::steady_clock::time_point deadline) override;

  emulator::EmulatorCore& core() { return core_; }
  std::size_t requests() const { return requests_; }

 private:
  base::Clock& clock_;
  emulator::EmulatorCore core_;
  std::size_t requests_ = 0;
};

}  // namespace qg::test
