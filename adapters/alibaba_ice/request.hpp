#pragma once
// GetAiRtcLicenseInfoList (providers.md §2.3-§2.4): RPC style, POST / with every parameter in
// the query and an empty body, ACS3-signed. Pure.

#include <cstdint>
#include <string>

#include "adapters/common/alibaba_pop.hpp"

namespace qg::alibaba_ice {

inline constexpr std::string_view kAction = "GetAiRtcLicenseInfoList";
inline constexpr std::string_view kVersion = "2020-11-09";
inline constexpr std::string_view kProvider = "alibaba-ice";

struct IceOptions {
  std::string account;
  adapters::Endpoint endpoint;  // default https://ice.<region>.aliyuncs.com
  std::string region = "cn-shanghai";
  std::string access_key_id;
  adapters::Secret access_key_secret;
  adapters::Secret security_token;
  std::int64_t page_size = 50;
};

adapters::Endpoint default_endpoint(std::string_view region);

adapters::HttpRequest build_request(const IceOptions& options, std::int64_t page_no,
                                    const adapters::AttemptContext& attempt);

}  // namespace qg::alibaba_ice
