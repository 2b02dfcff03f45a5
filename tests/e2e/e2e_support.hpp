#pragma once
// Real processes for end-to-end tests: a provider-emulator and a quota-gateway configured to
// read it, each on a free loopback port, plus the emulator's control endpoints.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "tests/support/http_client.hpp"
#include "tests/support/process.hpp"

namespace qg::test {

// The emulator's default credentials (provider-emulator --help).
inline constexpr const char* kTencentId = "AKIDEMULATOR0000000000000000000000TEST";
inline constexpr const char* kTencentKey = "emulator-tencent-secret-key-000000";
inline constexpr const char* kAlibabaId = "LTAI5tEmulator000000000000";
inline constexpr const char* kAlibabaKey = "emulator-alibaba-secret-000000";
// A fixed dataset anchor: 2026-06-01T00:00:00+08:00.
inline constexpr std::int64_t kDataEpoch = 1780243200;

class Emulator {
 public:
  explicit Emulator(std::vector<std::string> extra_args = {});
  std::uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  boost::json::object stats();
  boost::json::object api_stats(const std::string& api);
  std::int64_t calls(const std::string& api);
  // When each call of `api` arrived, ms on the emulator's own clock (stats' call_times_ms).
  std::vector<std::int64_t> call_times_ms(const std::string& api);
  boost::json::object dataset();
  void faults(const std::string& json_body);
  void usage(const std::string& json_body);  // POST /__emulator/usage
  void reset();
  ChildProcess& process() { return *process_; }

 private:
  std::unique_ptr<ChildProcess> process_;
  std::uint16_t port_ = 0;
};

struct GatewayOptions {
  std::string tencent_key = kTencentKey;
  std::string alibaba_key = kAlibabaKey;
  bool tencent = true, ice = true, aicontent = true;
  std::string extra_yaml;  // appended at the top level (cache:, retry:, auth:, ...)
  std::map<std::string, std::string> env;
};

std::string gateway_config(const Emulator& emulator, const GatewayOptions& options = {});

class Gateway {
 public:
  Gateway(const Emulator& emulator, const GatewayOptions& options = {});
  explicit Gateway(const std::string& config_yaml, std::map<std::string, std::string> env = {});
  std::uint16_t port() const { return port_; }
  TestResponse get(const std::string& target, Headers headers = {});
  ChildProcess& process() { return *process_; }
  // Waits until /readyz answers 200 (the first fetch of every account was attempted).
  void wait_ready();

 private:
  void start(const std::string& config_yaml, std::map<std::string, std::string> env);
  std::unique_ptr<ChildProcess> process_;
  std::uint16_t port_ = 0;
};

// The refresh budget, judged on the emulator's timeline rather than the test's clock: the
// complete fetches in `call_times_ms` (`calls_per_fetch` calls each, in arrival order, the first
// one the start-up's) begin at least one `ttl` apart, and the first refresh at least 0.6 ttl
// after the start-up's fetch (the refresher starts ahead of expiry by at most 0.4 ttl); each gap
// may be short by kArrivalJitterMs, how much later one fetch's first call may reach the emulator
// than another's. Holds only where one caller at a time fetches the source, as the refresher does.
inline constexpr std::int64_t kArrivalJitterMs = 500;
::testing::AssertionResult fetches_within_refresh_budget(const std::vector<std::int64_t>& call_times_ms,
                                                         std::int64_t calls_per_fetch, std::chrono::milliseconds ttl);

// `n` clients at once from one address, each one GET on a connection of its own.
std::vector<TestResponse> concurrent_gets(std::uint16_t port, int n, const std::string& target);

// What POST /__emulator/usage {"pool_burn_per_hour": per_hour} draws from the Tencent traffic
// pool (the packages of PackageType 0), in bytes a day: that share of the total of the packages
// that could be drawn on when the burn started at `since` (adapters/emulator/pool_burn.hpp).
double traffic_pool_burn_per_day(const boost::json::object& dataset, double per_hour, std::int64_t since);

std::int64_t unix_now();

// Finds the `sources` entry of an account in a /quotas body.
boost::json::object source_of(const boost::json::value& body, const std::string& account);

}  // namespace qg::test
