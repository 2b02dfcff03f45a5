// provider-emulator: the three cloud APIs quota-gateway speaks, emulated on one port.
#include <algorithm>
#include <charconv>
#include <csignal>
#include <iostream>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "adapters/emulator/server.hpp"

namespace {

using qg::emulator::Credential;

constexpr const char* kUsage = R"(provider-emulator: local emulators of three cloud APIs on one port
  Tencent Cloud Live   DescribeLivePackageInfo 2018-08-01           (routed by X-TC-Action)
  Alibaba Cloud ICE    GetAiRtcLicenseInfoList 2020-11-09, RPC      (routed by x-acs-action)
  Alibaba AIContent    AliyunConsoleOpenApiQueryPaidResource 20240611, ROA
                       GET /api/v1/aliyunConsole/queryPaidResource  (routed by path)
Signatures are verified (TC3-HMAC-SHA256 with service `live`, 5-minute window; ACS3-HMAC-SHA256,
15-minute window, nonce replay), errors come in each cloud's envelope with its codes, paging follows
each API's rules, data is seeded and deterministic. Plain HTTP only.

Usage: provider-emulator [options]
  --listen HOST:PORT             where to listen (default 127.0.0.1:9000; port 0 picks a free one)
  --tencent-credential ID:KEY    an accepted Tencent SecretId:SecretKey (repeatable); default
                                 AKIDEMULATOR0000000000000000000000TEST:emulator-tencent-secret-key-000000
  --alibaba-credential AK:SECRET an accepted Alibaba AccessKeyId:AccessKeySecret (repeatable); default
                                 LTAI5tEmulator000000000000:emulator-alibaba-secret-000000
  --seed N                       dataset seed (default 20261122)
  --data-epoch UNIX              the instant the dataset's dates hang on (default: today 00:00 Beijing)
  --tencent-rate-limit N         requests admitted per rolling second per SecretId, then
                                 RequestLimitExceeded (default 20; 0: unlimited)
  --alibaba-rate-limit N         the same per AccessKeyId, then Throttling.User (default 50)
  --alibaba-throttle-status N    HTTP status of Throttling.User: 429 (default) or 400 (classic POP)
  --latency-ms N                 added before every API answer (default 0)
  --io-timeout-ms N              per read/write and keep-alive idle limit (default 30000)
  --threads N                    I/O threads (default 1)
  --control                      serve the control plane under /__emulator/ (stats, dataset,
                                 faults, reset): unauthenticated, for tests and benchmarks only;
                                 answers loopback Host names only and refuses cross-origin writes
  --help                         this text

Throttling: refused requests do not use up the budget, so a client sending 25/s gets 20/s through.
Every arrival, refused or not, counts in max_in_any_1s_window.

Control endpoints (unauthenticated: bind to loopback):
  GET  /__emulator/stats    per API ("tencent-live", "alibaba-ice", "alibaba-aicontent"): calls,
                            accepted, errors by code, hung, max_in_any_1s_window, and per credential
                            id: requests, accepted, errors, max_in_any_1s_window; plus dataset sizes
  GET  /__emulator/dataset  the native records served
  GET  /__emulator/faults   the faults in force
  POST /__emulator/faults   {"api":"tencent-live","latency_ms":0,"fail_every":0,"fail_code":"InternalError",
                             "fail_status":0,"truncate_every":0,"invalid_json_every":0,"disconnect_every":0,
                             "hang":false,"rate_limit":20}
                            replaces that API's faults (absent fields: off); counting restarts, so
                            fail_every 3 fails the 3rd, 6th, ... call from now; fail_every 1 = down.
                            truncate: half the JSON, correct Content-Length; disconnect: full
                            Content-Length, half the body, close; hang: never answer.
  POST /__emulator/reset    counters, rate windows, nonces and faults back to the start

On start it prints exactly one line, "provider-emulator listening on http://HOST:PORT", with the
bound port. SIGINT/SIGTERM stop it (exit 0).
)";

Credential parse_credential(const std::string& text, const std::string& flag) {
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    throw std::invalid_argument(flag + " needs ID:KEY");
  }
  return Credential{text.substr(0, colon), text.substr(colon + 1)};
}

template <class T>
T parse_number(const std::string& text, const std::string& flag) {
  T value{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    throw std::invalid_argument(flag + " needs a number, not '" + text + "'");
  }
  return value;
}

struct Config {
  qg::emulator::EmulatorOptions options;
  std::string host = "127.0.0.1";
  std::uint16_t port = 9000;
  int threads = 1;
};

Config parse_args(const std::vector<std::string>& args) {
  Config c;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw std::invalid_argument(a + " needs a value");
      return args[++i];
    };
    if (a == "--listen") {
      const std::string& v = value();
      const auto colon = v.rfind(':');
      if (colon == std::string::npos || colon == 0) throw std::invalid_argument("--listen needs HOST:PORT");
      c.host = v.substr(0, colon);
      if (c.host.size() > 2 && c.host.front() == '[' && c.host.back() == ']') c.host = c.host.substr(1, c.host.size() - 2);
      c.port = parse_number<std::uint16_t>(v.substr(colon + 1), a);
    } else if (a == "--tencent-credential") {
      c.options.tencent_credentials.push_back(parse_credential(value(), a));
    } else if (a == "--alibaba-credential") {
      c.options.alibaba_credentials.push_back(parse_credential(value(), a));
    } else if (a == "--seed") {
      c.options.seed = parse_number<std::uint64_t>(value(), a);
    } else if (a == "--data-epoch") {
      c.options.data_epoch = parse_number<std::int64_t>(value(), a);
    } else if (a == "--tencent-rate-limit") {
      c.options.tencent_rate_limit = parse_number<double>(value(), a);
    } else if (a == "--alibaba-rate-limit") {
      c.options.alibaba_rate_limit = parse_number<double>(value(), a);
    } else if (a == "--alibaba-throttle-status") {
      c.options.alibaba_throttle_status = parse_number<unsigned>(value(), a);
      if (c.options.alibaba_throttle_status != 400 && c.options.alibaba_throttle_status != 429) {
        throw std::invalid_argument(a + " must be 400 or 429");
      }
    } else if (a == "--latency-ms") {
      c.options.latency_ms = parse_number<int>(value(), a);
    } else if (a == "--io-timeout-ms") {
      c.options.io_timeout = std::chrono::milliseconds(std::max(1, parse_number<int>(value(), a)));
    } else if (a == "--control") {
      c.options.control_plane = true;
    } else if (a == "--threads") {
      c.threads = std::clamp(parse_number<int>(value(), a), 1, 64);
    } else {
      throw std::invalid_argument("unknown argument " + a + " (see --help)");
    }
  }
  if (c.options.tencent_rate_limit < 0 || c.options.alibaba_rate_limit < 0 || c.options.latency_ms < 0) {
    throw std::invalid_argument("rate limits and latency must not be negative");
  }
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (std::find(args.begin(), args.end(), "--help") != args.end() ||
      std::find(args.begin(), args.end(), "-h") != args.end()) {
    std::cout << kUsage;
    return 0;
  }
  Config config;
  try {
    config = parse_args(args);
  } catch (const std::exception& e) {
    std::cerr << "provider-emulator: " << e.what() << "\n";
    return 2;
  }

  boost::asio::io_context ioc(config.threads);
  qg::emulator::EmulatorServer server(ioc.get_executor(), config.options);
  std::uint16_t bound = 0;
  try {
    bound = server.listen(config.host, config.port);
  } catch (const std::exception& e) {
    std::cerr << "provider-emulator: cannot listen on " << config.host << ":" << config.port << ": " << e.what() << "\n";
    return 1;
  }
  const bool v6 = config.host.find(':') != std::string::npos;
  std::cout << "provider-emulator listening on http://" << (v6 ? "[" : "") << config.host << (v6 ? "]" : "") << ":"
            << bound << std::endl;

  boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&server](const boost::system::error_code& ec, int) {
    if (!ec) server.stop();
  });
  std::vector<std::thread> pool;
  for (int i = 1; i < config.threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  return 0;
}
