#include "gateway/app/demo.hpp"

#include "adapters/emulator/server.hpp"
#include "gateway/base/log.hpp"

namespace qg::app {

DemoEnvironment::DemoEnvironment(boost::asio::any_io_executor executor, config::GatewayConfig& config) {
  server_ = std::make_unique<emulator::EmulatorServer>(std::move(executor), emulator::EmulatorOptions{});
  port_ = server_->listen("127.0.0.1", 0);
  const std::string endpoint = "http://127.0.0.1:" + std::to_string(port_);

  config::AccountConfig live;
  live.name = "live-demo";
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
  aicontent.name = "aicontent-demo";
  aicontent.provider = "alibaba-aicontent";
  aicontent.region.clear();

  config.accounts = {live, ice, aicontent};
  config.demo = true;
  base::log_warn("DEMO MODE: no --config given; serving SIMULATED data from built-in emulators of the Tencent Live, "
                 "Alibaba ICE and Alibaba AIContent APIs. Nothing here reflects a real cloud account.",
                 {{"emulator", endpoint}});
}

DemoEnvironment::~DemoEnvironment() { stop(); }

void DemoEnvironment::stop() {
  if (server_) server_->stop();
}

}  // namespace qg::app
