#include "tests/e2e/e2e_support.hpp"

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "adapters/common/time.hpp"

namespace qg::test {

Emulator::Emulator(std::vector<std::string> extra_args) {
  std::vector<std::string> args{"--listen", "127.0.0.1:0", "--data-epoch", std::to_string(kDataEpoch), "--threads", "2", "--control"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  process_ = std::make_unique<ChildProcess>(binary_path("provider-emulator"), args);
  port_ = wait_for_port(*process_);
}

boost::json::object Emulator::stats() { return http_get(port_, "/__emulator/stats").json().as_object(); }

boost::json::object Emulator::api_stats(const std::string& api) { return stats().at("apis").as_object().at(api).as_object(); }

std::int64_t Emulator::calls(const std::string& api) { return api_stats(api).at("calls").to_number<std::int64_t>(); }

std::vector<std::int64_t> Emulator::call_times_ms(const std::string& api) {
  const auto stats = api_stats(api);
  std::vector<std::int64_t> out;
  for (const auto& t : stats.at("call_times_ms").as_array()) out.push_back(t.to_number<std::int64_t>());
  // The emulator keeps the latest calls only: a budget judged on part of them would say nothing.
  EXPECT_EQ(static_cast<std::int64_t>(out.size()), stats.at("calls").to_number<std::int64_t>()) << "timeline cut";
  return out;
}

boost::json::object Emulator::dataset() { return http_get(port_, "/__emulator/dataset").json().as_object(); }

void Emulator::faults(const std::string& json_body) {
  TestClient c(port_);
  auto r = c.request("POST", "/__emulator/faults", {{"Content-Type", "application/json"}}, json_body);
  EXPECT_EQ(r.status, 200u) << r.body;
}

void Emulator::usage(const std::string& json_body) {
  TestClient c(port_);
  auto r = c.request("POST", "/__emulator/usage", {{"Content-Type", "application/json"}}, json_body);
  EXPECT_EQ(r.status, 200u) << r.body;
}

void Emulator::reset() {
  TestClient c(port_);
  EXPECT_EQ(c.request("POST", "/__emulator/reset").status, 200u);
}

double traffic_pool_burn_per_day(const boost::json::object& dataset, double per_hour, std::int64_t since) {
  auto beijing = [](const boost::json::object& p, const char* key) {
    return adapters::parse_local_datetime(p.at(key).as_string(), adapters::kBeijingUtcOffsetSeconds).value_or(0);
  };
  double total = 0;
  for (const auto& v : dataset.at("tencent_live").as_array()[0].as_array()) {
    const auto& p = v.as_object();
    const auto status = p.at("Status").as_int64();
    const bool drawable = (status == 0 || status == 1) && beijing(p, "BuyTime") <= since && since < beijing(p, "ExpireTime");
    if (drawable) total += static_cast<double>(p.at("Total").as_int64());
  }
  return per_hour * total * 24;
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string gateway_config(const Emulator& emulator, const GatewayOptions& o) {
  std::string yaml = "listen: 127.0.0.1:0\nlog: { level: info, format: json }\n" + o.extra_yaml + "\n";
  // Each gateway its own history file: parallel tests must not share one.
  if (o.extra_yaml.find("history:") == std::string::npos) {
    yaml += "history: { path: " + write_temp_file("", ".db") + "-history.db }\n";
  }
  // Tests send far more than a client should: limits only where a test sets them.
  if (o.extra_yaml.find("client_limits:") == std::string::npos) yaml += "client_limits: { enabled: false }\n";
  yaml += "accounts:\n";
  if (o.tencent) {
    yaml += "  - name: live-test\n    provider: tencent-live\n    endpoint: " + emulator.url() +
            "\n    secret_id: " + kTencentId + "\n    secret_key: " + o.tencent_key + "\n";
  }
  if (o.ice) {
    yaml += "  - name: rtc-test\n    provider: alibaba-ice\n    region: cn-shanghai\n    endpoint: " + emulator.url() +
            "\n    access_key_id: " + kAlibabaId + "\n    access_key_secret: " + o.alibaba_key + "\n";
  }
  if (o.aicontent) {
    yaml += "  - name: aicontent-test\n    provider: alibaba-aicontent\n    endpoint: " + emulator.url() +
            "\n    access_key_id: " + kAlibabaId + "\n    access_key_secret: " + o.alibaba_key + "\n";
  }
  return yaml;
}

Gateway::Gateway(const Emulator& emulator, const GatewayOptions& options) {
  start(gateway_config(emulator, options), options.env);
}

Gateway::Gateway(const std::string& config_yaml, std::map<std::string, std::string> env) {
  start(config_yaml, std::move(env));
}

void Gateway::start(const std::string& config_yaml, std::map<std::string, std::string> env) {
  const std::string path = write_temp_file(config_yaml);
  process_ = std::make_unique<ChildProcess>(binary_path("quota-gateway"), std::vector<std::string>{"--config", path},
                                            std::move(env));
  port_ = wait_for_port(*process_);
}

TestResponse Gateway::get(const std::string& target, Headers headers) {
  return http_get(port_, target, std::move(headers));
}

void Gateway::wait_ready() {
  process_->wait_for_line(std::regex(R"("msg":"ready")"));
}

::testing::AssertionResult fetches_within_refresh_budget(const std::vector<std::int64_t>& call_times_ms,
                                                         std::int64_t calls_per_fetch, std::chrono::milliseconds ttl) {
  std::vector<std::int64_t> starts;
  const auto per_fetch = static_cast<std::size_t>(calls_per_fetch);
  for (std::size_t i = 0; i + per_fetch <= call_times_ms.size(); i += per_fetch) starts.push_back(call_times_ms[i]);
  std::string shown;
  for (auto t : starts) shown += " " + std::to_string(t);
  for (std::size_t k = 1; k < starts.size(); ++k) {
    const std::int64_t least = (k == 1 ? ttl.count() * 6 / 10 : ttl.count()) - kArrivalJitterMs;
    if (starts[k] - starts[k - 1] < least) {
      return ::testing::AssertionFailure() << "fetch " << k << " began " << starts[k] - starts[k - 1]
                                           << " ms after the one before, less than " << least
                                           << " ms; fetches began at (ms, emulator clock):" << shown;
    }
  }
  return ::testing::AssertionSuccess() << starts.size() << " fetches began at" << shown;
}

std::vector<TestResponse> concurrent_gets(std::uint16_t port, int n, const std::string& target) {
  std::vector<TestResponse> responses(static_cast<std::size_t>(n));
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] { responses[static_cast<std::size_t>(i)] = http_get(port, target); });
  }
  for (auto& t : threads) t.join();
  return responses;
}

boost::json::object source_of(const boost::json::value& body, const std::string& account) {
  const auto* sources = body.is_object() ? body.as_object().if_contains("sources") : nullptr;
  if (sources && sources->is_array()) {
    for (const auto& s : sources->as_array()) {
      if (s.as_object().at("account").as_string() == account) return s.as_object();
    }
  }
  ADD_FAILURE() << "no source for account " << account;
  return {};
}

}  // namespace qg::test
