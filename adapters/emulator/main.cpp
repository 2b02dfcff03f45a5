// provider-emulator: the three cloud APIs quota-gateway speaks, emulated on one port.
#include <charconv>
#include <csignal>
#include <iostream>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "adapters/emulator/server.hpp"

namespace {

using qg::emulator::Credential;

constexpr const char* kUsage = R"(provider-emulator: local emulators of Tencent Cloud Live DescribeLivePackageInfo,
Alibaba Cloud ICE GetAiRtcLicenseInfoList and Alibaba Cloud AIContent QueryPaidResource, all on one port
(routed by X-TC-Action, x-acs-action and the ROA path, as the real gateways do). Signatures are verified
(TC3-HMAC-SHA256, ACS3-HMAC-SHA256), errors use the real envelopes and codes, data is seeded and deterministic.

Usage: provider-emulator [options]
  --listen HOST:PORT            where to listen (default 127.0.0.1:9000; port 0 picks a free one)
  --tencent-credential ID:KEY   accepted Tencent SecretId and SecretKey (repeatable)
                                default AKIDEMULATOR0000000000000000000000TEST:emulator-tencent-secret-key-000000
  --alibaba-credential AK:SECRET accepted Alibaba AccessKeyId and AccessKeySecret (repeatable)
                                default LTAI5tEmulator000000000000:emulator-alibaba-secret-000000
  --seed N                      dataset seed (default 20261122)
  --data-epoch UNIX             the instant the dataset's dates are anchored on (default: today 00:00 Beijing)
  --tencent-rate-limit N        requests/s per SecretId before RequestLimitExceeded (default 20)
  --alibaba-rate-limit N        requests/s per AccessKeyId before Throttling.User (default 50)
  --alibaba-throttle-status N   HTTP status of Throttling.User: 429 (default) or 400 (classic POP)
  --latency-ms N                added to every API call (default 0)
  --threads N                   I/O threads (default 1)
  --help                        this text

Control endpoints (for tests and benchmarks; no authentication, bind to loopback):
  GET  /__emulator/stats        calls, ok, errors by code, per credential requests and max_in_any_1s_window
  GET  /__emulator/dataset      the native objects served
  POST /__emulator/faults       {"api":"tencent-live|alibaba-ice|alibaba-aicontent","latency_ms":0,"fail_every":0,
                                 "fail_code":"InternalError","fail_status":0,"truncate_every":0,
                                 "invalid_json_every":0,"hang":false,"rate_limit":20}
  POST /__emulator/reset        counters, nonces and faults back to the start

On start it prints "provider-emulator listening on http://HOST:PORT". SIGINT/SIGTERM stop it.
)";

Credential parse_credential(const std::string& text, const char* flag) {
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    throw std::invalid_argument(std::string(flag) + " needs ID:KEY");
  }
  return Credential{text.substr(0, colon), text.substr(colon + 1)};
}

template <class T>
T parse_number(const std::string& text, const char* flag) {
  T value{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) throw std::invalid_argument(std::string(flag) + " needs a number");
  return value;
}

}  // namespace

int main(int argc, char** argv) {
  qg::emulator::EmulatorOptions options;
  std::string host = "127.0.0.1";
  std::uint16_t port = 9000;
  int threads = 1;
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
      const std::string& a = args[i];
      auto value = [&]() -> std::string {
        if (i + 1 >= args.size()) throw std::invalid_argument(a + " needs a value");
        return args[++i];
      };
      if (a == "--help" || a == "-h") {
        std::cout << kUsage;
        return 0;
      } else if (a == "--listen") {
        const std::string v = value();
        const auto colon = v.rfind(':');
        if (colon == std::string::npos) throw std::invalid_argument("--listen needs HOST:PORT");
        host = v.substr(0, colon);
        port = parse_number<std::uint16_t>(v.substr(colon + 1), "--listen");
      } else if (a == "--tencent-credential") {
        options.tencent_credentials.push_back(parse_credential(value(), "--tencent-credential"));
      } else if (a == "--alibaba-credential") {
        options.alibaba_credentials.push_back(parse_credential(value(), "--alibaba-credential"));
      } else if (a == "--seed") {
        options.seed = parse_number<std::uint64_t>(value(), "--seed");
      } else if (a == "--data-epoch") {
        options.data_epoch = parse_number<std::int64_t>(value(), "--data-epoch");
      } else if (a == "--tencent-rate-limit") {
        options.tencent_rate_limit = parse_number<int>(value(), "--tencent-rate-limit");
      } else if (a == "--alibaba-rate-limit") {
        options.alibaba_rate_limit = parse_number<int>(value(), "--alibaba-rate-limit");
      } else if (a == "--alibaba-throttle-status") {
        options.alibaba_throttle_status = parse_number<unsigned>(value(), "--alibaba-throttle-status");
      } else if (a == "--latency-ms") {
        options.latency_ms = parse_number<int>(value(), "--latency-ms");
      } else if (a == "--threads") {
        threads = std::max(1, parse_number<int>(value(), "--threads"));
      } else {
        throw std::invalid_argument("unknown argument " + a + " (see --help)");
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "provider-emulator: " << e.what() << "\n";
    return 2;
  }

  boost::asio::io_context ioc(threads);
  qg::emulator::EmulatorServer server(ioc.get_executor(), options);
  std::uint16_t bound = 0;
  try {
    bound = server.listen(host, port);
  } catch (const std::exception& e) {
    std::cerr << "provider-emulator: cannot listen on " << host << ":" << port << ": " << e.what() << "\n";
    return 1;
  }
  std::cout << "provider-emulator listening on http://" << host << ":" << bound << std::endl;
  boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (!ec) server.stop();
  });
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  return 0;
}
