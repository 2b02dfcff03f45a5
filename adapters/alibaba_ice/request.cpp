#include "adapters/alibaba_ice/request.hpp"

namespace qg::alibaba_ice {

adapters::Endpoint default_endpoint(std::string_view region) {
  adapters::Endpoint ep;
  ep.host = "ice." + std::string(region) + ".aliyuncs.com";
  return ep;
}

adapters::HttpRequest build_request(const IceOptions& o, std::int64_t page_no,
                                    const adapters::AttemptContext& attempt) {
  const adapters::alibaba::PopCall call{"POST",
                                        "/",
                                        kAction,
                                        kVersion,
                                        {{"NeedTotalCount", "true"},
                                         {"PageNo", std::to_string(page_no)},
                                         {"PageSize", std::to_string(o.page_size)}}};
  return adapters::alibaba::build_request(
      o.endpoint, adapters::alibaba::signing_credentials(attempt, {o.access_key_id, o.access_key_secret, o.security_token}),
      call, attempt);
}

}  // namespace qg::alibaba_ice
