#include "tests/support/transports.hpp"

namespace qg::test {

namespace net = boost::asio;

namespace {

adapters::UpstreamError timed_out() {
  return adapters::make_error(adapters::ErrorKind::kTimeout, "no response before the attempt deadline");
}

}  // namespace

void ScriptedTransport::push(ScriptedReply reply) {
  std::lock_guard lock(mutex_);
  queue_.push_back(std::move(reply));
}

void ScriptedTransport::set_default(ScriptedReply reply) {
  std::lock_guard lock(mutex_);
  default_ = std::move(reply);
}

std::vector<SentRequest> ScriptedTransport::sent() const {
  std::lock_guard lock(mutex_);
  return sent_;
}

net::awaitable<adapters::SendResult> ScriptedTransport::send(adapters::Endpoint, adapters::HttpRequest request,
                                                             std::chrono::steady_clock::time_point deadline) {
  ScriptedReply reply;
  {
    std::lock_guard lock(mutex_);
    sent_.push_back({request, clock_.steady_now(), deadline});
    if (queue_.empty()) {
      reply = default_;
    } else {
      reply = std::move(queue_.front());
      queue_.pop_front();
    }
  }
  if (reply.hang || clock_.steady_now() + reply.delay > deadline) {
    co_await clock_.sleep_until(deadline);
    co_return timed_out();
  }
  if (reply.delay.count() > 0) co_await clock_.sleep_for(reply.delay);
  if (reply.error) co_return *reply.error;
  adapters::HttpResponse response;
  response.status = reply.status;
  response.headers = std::move(reply.headers);
  response.body = std::move(reply.body);
  co_return response;
}

EmulatorTransport::EmulatorTransport(base::Clock& clock, emulator::EmulatorOptions options)
    : clock_(clock), core_(std::move(options)) {}

net::awaitable<adapters::SendResult> EmulatorTransport::send(adapters::Endpoint endpoint, adapters::HttpRequest request,
                                                             std::chrono::steady_clock::time_point deadline) {
  ++requests_;
  emulator::WireRequest wire;
  wire.method = request.method;
  wire.target = request.target;
  wire.headers = request.headers;
  bool has_host = false;
  for (const auto& [name, value] : wire.headers) has_host = has_host || adapters::iequals(name, "Host");
  if (!has_host) wire.headers.emplace_back("Host", endpoint.host_header());
  wire.body = request.body;
  emulator::split_target(wire);
  auto answer = core_.handle(wire, emulator::Instant{clock_.unix_now(), clock_.steady_now()});
  if (answer.hang || clock_.steady_now() + answer.latency > deadline) {
    co_await clock_.sleep_until(deadline);
    co_return timed_out();
  }
  if (answer.latency.count() > 0) co_await clock_.sleep_for(answer.latency);
  if (answer.disconnect) {
    co_return adapters::make_error(adapters::ErrorKind::kNetwork, "the connection closed in the middle of the body");
  }
  adapters::HttpResponse response;
  response.status = answer.status;
  response.headers = std::move(answer.headers);
  response.body = std::move(answer.body);
  co_return response;
}

}  // namespace qg::test
