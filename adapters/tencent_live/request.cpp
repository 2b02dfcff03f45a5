#include "adapters/tencent_live/request.hpp"

#include "adapters/common/signing/tc3.hpp"

namespace qg::tencent_live {

adapters::Endpoint default_endpoint() {
  adapters::Endpoint ep;
  ep.tls = true;
  ep.host = "live.tencentcloudapi.com";
  ep.port = 443;
  return ep;
}

std::string request_body(int package_type, std::int64_t page_num, std::int64_t page_size) {
  return "{\"PackageType\":" + std::to_string(package_type) + ",\"PageNum\":" + std::to_string(page_num) +
         ",\"PageSize\":" + std::to_string(page_size) + "}";
}

adapters::HttpRequest build_request(const TencentLiveOptions& options, int package_type, std::int64_t page_num,
                                    const adapters::AttemptContext& attempt) {
  static constexpr std::string_view kContentType = "application/json";
  adapters::HttpRequest req;
  req.method = "POST";
  req.target = "/";
  req.body = request_body(package_type, page_num, options.page_size);
  const std::string host = options.endpoint.host_header();

  signing::Tc3Request to_sign;
  to_sign.method = "POST";
  to_sign.host = host;
  to_sign.content_type = kContentType;
  to_sign.payload = req.body;
  to_sign.timestamp = attempt.unix_now;
  to_sign.service = kService;
  // A rotating credential, when the gateway supplies one; the configured key otherwise.
  const adapters::SigningKey configured{options.secret_id, options.secret_key, options.session_token};
  const adapters::SigningKey& key = attempt.key ? *attempt.key : configured;
  const auto signature = signing::tc3_sign(to_sign, key.id.reveal(), key.secret.reveal());

  req.headers = {
      {"Host", host},
      {"Content-Type", std::string(kContentType)},
      {"X-TC-Action", std::string(kAction)},
      {"X-TC-Version", std::string(kVersion)},
      {"X-TC-Timestamp", std::to_string(attempt.unix_now)},
      {"Authorization", signature.authorization},
  };
  if (!options.region.empty()) req.headers.emplace_back("X-TC-Region", options.region);
  if (!options.language.empty()) req.headers.emplace_back("X-TC-Language", options.language);
  if (!key.token.empty()) req.headers.emplace_back("X-TC-Token", key.token.reveal());
  return req;
}

}  // namespace qg::tencent_live
