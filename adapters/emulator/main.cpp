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
and, on the same port, the identity services that hand out temporary credentials for them.
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
  --tencent-packages T,C,L       Tencent packages per PackageType: traffic, transcode, linkmic
                                 (default 230,150,120)
  --ice-licenses N               ICE licenses (default 120)
  --aicontent-resources N        AIContent paid resources (default 60)
  --expired-history N            per listing (each PackageType, ICE, AIContent) N more packages
                                 that expired 31 days to 3 years ago: a large tenant's years of
                                 history (default 0)
  --tencent-rate-limit N         requests admitted per rolling second per SecretId, then
                                 RequestLimitExceeded (default 20; 0: unlimited)
  --alibaba-rate-limit N         the same per AccessKeyId, then Throttling.User (default 50)
  --alibaba-throttle-status N    HTTP status of Throttling.User: 429 (default) or 400 (classic POP)
  --latency-ms N                 added before every API answer (default 0)
  --io-timeout-ms N              per read/write and keep-alive idle limit (default 30000)
  --threads N                    I/O threads (default 1)
  --temp-credential-ttl SECONDS  lifetime of every credential the metadata and STS endpoints issue
                                 (default 3600; STS: at most the DurationSeconds asked for)
  --instance-role NAME           the RAM/CAM role attached to the emulated instance (default
                                 EmulatorInstanceRole; "" for none: the metadata answers 404)
  --ecs-imdsv1                   ECS metadata normal mode: serve GETs without a session token
                                 (default: hardened mode only, a missing token gets 401)
  --control                      serve the control plane under /__emulator/ (stats, dataset,
                                 faults, usage, identity, reset): unauthenticated, for tests and
                                 benchmarks only; answers loopback Host names only and refuses
                                 cross-origin writes
  --help                         this text

Identity endpoints (always served, like the APIs; credentials are fresh on every call):
  PUT  /latest/api/token         ECS IMDSv2 session token (text); header
                                 X-aliyun-ecs-metadata-token-ttl-seconds: 1..21600, else 400
  GET  /latest/meta-data/ram/security-credentials/        ECS role name (text); with header
                                 X-aliyun-ecs-metadata-token (401 without a valid one)
  GET  /latest/meta-data/ram/security-credentials/ROLE    {"AccessKeyId","AccessKeySecret",
                                 "SecurityToken","Expiration","LastUpdated","Code":"Success"}
  GET  /latest/meta-data/cam/security-credentials/[ROLE]  CVM: role name, or {"TmpSecretId",
                                 "TmpSecretKey","Token","ExpiredTime","Expiration","Code":"Success"}
                                 (no role attached, or another role: 404)
  POST /?Action=AssumeRoleWithOIDC&Version=2015-04-01     Alibaba STS, anonymous; form body
                                 RoleArn, OIDCProviderArn, OIDCToken, RoleSessionName, DurationSeconds
  POST /  X-TC-Action: AssumeRoleWithWebIdentity          Tencent STS 2018-08-13, Authorization: SKIP;
                                 JSON ProviderId, WebIdentityToken, RoleArn, RoleSessionName,
                                 DurationSeconds
The data APIs accept an issued credential only with its token (X-TC-Token; x-acs-security-token,
signed) and only until it expires: AuthFailure.TokenFailure (Tencent); MissingSecurityToken,
InvalidSecurityToken.MismatchWithAccessKey, InvalidSecurityToken.Expired, and
InvalidAccessKeyId.Inactive once revoked (Alibaba).

Throttling: refused requests do not use up the budget, so a client sending 25/s gets 20/s through.
Every arrival, refused or not, counts in max_in_any_1s_window.

Control endpoints (unauthenticated: bind to loopback):
  GET  /__emulator/stats    per API ("tencent-live", "alibaba-ice", "alibaba-aicontent"): calls,
                            accepted, errors by code, hung, max_in_any_1s_window, and per credential
                            id (issued ones too): requests, accepted, errors, max_in_any_1s_window,
                            first_used_at, last_used_at; call_times_ms: when each of the latest
                            10000 calls arrived, ms on the emulator's clock since its first call;
                            dataset sizes; and "identity":
                            {"ecs_metadata":n,"cvm_metadata":n,"sts_alibaba":n,"sts_tencent":n,
                             "roles":{"alibaba","tencent"},"issued":[{"id","source","issued_at",
                             "expires_at","revoked"}]}
  GET  /__emulator/identity the "identity" object alone
  POST /__emulator/identity {"revoke":"ID"} refuses that credential from now on;
                            {"role":"NAME"} attaches or renames the role, {"detach":true} removes it
                            (metadata then answers 404); "cloud":"alibaba"|"tencent" limits either
                            to one instance. Credentials issued before a detach stay valid.
  GET  /__emulator/dataset  the native records served
  GET  /__emulator/faults   the faults in force
  POST /__emulator/faults   {"api":"tencent-live","latency_ms":0,"fail_every":0,"fail_code":"InternalError",
                             "fail_status":0,"truncate_every":0,"invalid_json_every":0,"disconnect_every":0,
                             "hang":false,"rate_limit":20}
                            replaces that API's faults (absent fields: off); counting restarts, so
                            fail_every 3 fails the 3rd, 6th, ... call from now; fail_every 1 = down.
                            truncate: half the JSON, correct Content-Length; disconnect: full
                            Content-Length, half the body, close; hang: never answer.
  POST /__emulator/usage    {"api":..,"consume":F} uses up F of every package now;
                            {"api":..,"burn_per_hour":F} burns at that rate (no "api": all);
                            {"api":..,"pool_burn_per_hour":F} uses F of each pool's total an hour,
                            one package at a time, soonest expiry first (as a cloud deducts)
  POST /__emulator/reset    counters, rate windows, nonces, faults and usage back to the start;
                            identity counters and the configured role (issued credentials stay)

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

int parse_size(const std::string& text, const std::string& flag) {
  const int n = parse_number<int>(text, flag);
  if (n < 0 || n > 1000000) throw std::invalid_argument(flag + " must be between 0 and 1000000");
  return n;
}

void parse_tencent_packages(const std::string& text, qg::emulator::DatasetSizes& sizes) {
  const auto first = text.find(',');
  const auto second = first == std::string::npos ? first : text.find(',', first + 1);
  if (second == std::string::npos) throw std::invalid_argument("--tencent-packages needs TRAFFIC,TRANSCODE,LINKMIC");
  sizes.tencent_traffic = parse_size(text.substr(0, first), "--tencent-packages");
  sizes.tencent_transcode = parse_size(text.substr(first + 1, second - first - 1), "--tencent-packages");
  sizes.tencent_linkmic = parse_size(text.substr(second + 1), "--tencent-packages");
}

struct Config {
  qg::emulator::EmulatorOptions options;
  std::string host = "127.0.0.1";
  std::uint16_t port = 9000;
  int threads = 1;
};

// The identity flags; false when `a` is not one of them.
template <class Value>
bool parse_identity_flag(const std::string& a, Value&& value, qg::emulator::EmulatorOptions& o) {
  if (a == "--temp-credential-ttl") {
    o.temp_credential_ttl_seconds = parse_number<std::int64_t>(value(), a);
    if (o.temp_credential_ttl_seconds < 1) throw std::invalid_argument(a + " must be at least 1");
  } else if (a == "--instance-role") {
    o.instance_role = value();
  } else if (a == "--ecs-imdsv1") {
    o.ecs_metadata_imdsv1 = true;
  } else {
    return false;
  }
  return true;
}

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
    } else if (a == "--tencent-packages") {
      parse_tencent_packages(value(), c.options.sizes);
    } else if (a == "--ice-licenses") {
      c.options.sizes.ice_licenses = parse_size(value(), a);
    } else if (a == "--aicontent-resources") {
      c.options.sizes.aicontent_resources = parse_size(value(), a);
    } else if (a == "--expired-history") {
      c.options.sizes.expired_history = parse_size(value(), a);
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
    } else if (!parse_identity_flag(a, value, c.options)) {
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
