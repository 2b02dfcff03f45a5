#include "gateway/app/demo.hpp"

#include <chrono>

#include "adapters/alibaba_aicontent/mapping.hpp"
#include "adapters/emulator/server.hpp"
#include "adapters/tencent_live/mapping.hpp"
#include "gateway/base/log.hpp"
#include "gateway/history/recorder.hpp"

namespace qg::app {
namespace {

// Of each pool's total per hour: a pool of a year's packages lasts some five months, so some
// members expire before their turn (waste) and others run out (forecasts) in the demo data.
constexpr double kDemoPoolBurnPerHour = 0.0003;
constexpr std::int64_t kSimulatedSeconds = 3 * 86400;
constexpr std::int64_t kSampleEvery = 3600;
constexpr const char* kLiveAccount = "live-demo";
constexpr const char* kAicontentAccount = "aicontent-demo";

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

DemoEnvironment::DemoEnvironment(boost::asio::any_io_executor executor, config::GatewayConfig& config) {
  server_ = std::make_unique<emulator::EmulatorServer>(std::move(executor), emulator::EmulatorOptions{});
  port_ = server_->listen("127.0.0.1", 0);
  const std::string endpoint = "http://127.0.0.1:" + std::to_string(port_);

  // The clouds have been in use for a while: the burn started kSimulatedSeconds ago.
  burn_since_unix_ = unix_now() - kSimulatedSeconds;
  server_->apply_usage(emulator::UsageUpdate{std::nullopt, 0, kDemoPoolBurnPerHour, true}, burn_since_unix_ * 1000);

  config::AccountConfig live;
  live.name = kLiveAccount;
  live.provider = "tencent-live";
  live.endpoint = endpoint;
  live.secret_id = adapters::Secret(emulator::kDefaultTencentCredential.id);
  live.secret_key = adapters::Secret(emulator::kDefaultTencentCredential.secret);

  config::AccountConfig ice;
  ice.name = "rtc-demo";
  ice.provider = "alibaba-ice";
  ice.region = "cn-shanghai";
  ice.endpoint = endpoint;
  ice.access_key_id = adapters::Secret(emulator::kDefaultAlibabaCredential.id);
  ice.access_key_secret = adapters::Secret(emulator::kDefaultAlibabaCredential.secret);

  config::AccountConfig aicontent = ice;
  aicontent.name = kAicontentAccount;
  aicontent.provider = "alibaba-aicontent";
  aicontent.region.clear();

  config.accounts = {live, ice, aicontent};
  config.demo = true;
  base::log_warn("DEMO MODE: no --config given; serving SIMULATED data from built-in emulators of the Tencent Live, "
                 "Alibaba ICE and Alibaba AIContent APIs. Nothing here reflects a real cloud account.",
                 {{"emulator", endpoint}});
}

DemoEnvironment::~DemoEnvironment() { stop(); }

std::vector<history::PackageSample> DemoEnvironment::simulated_history(std::int64_t now_unix) const {
  std::vector<history::PackageSample> out;
  const boost::json::object no_response;
  for (std::int64_t at = burn_since_unix_; at < now_unix; at += kSampleEvery) {
    const auto data = server_->dataset_at(at * 1000);
    auto add = [&](const adapters::QuotaRecord& r) { out.push_back({r.id, r.unit, history::sample_of(r, at)}); };
    for (const auto& list : data->tencent) {
      for (const auto& p : list) add(tencent_live::map_package(p, no_response, kLiveAccount));
    }
    for (const auto& o : data->aicontent) add(alibaba_aicontent::map_resource(o, kAicontentAccount));
  }
  base::log_warn("DEMO MODE: the usage history starts with SIMULATED samples of the last days (the emulated clouds "
                 "have been burning their pools since then), so forecasts and pools show at once.",
                 {{"samples", out.size()}, {"hours", kSimulatedSeconds / 3600}});
  return out;
}

void DemoEnvironment::stop() {
  if (server_) server_->stop();
}

}  // namespace qg::app
