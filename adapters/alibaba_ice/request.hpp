#pragma once
// GetAiRtcLicenseInfoList (providers.md §2.3-§2.4): RPC style, POST / with every parameter in
// the query and an empty body, version 2020-11-09, ACS3-signed. Pure.

#include <cstdint>
#include <string>
#include <string_view>

#include "adapters/common/alibaba_pop.hpp"

namespace qg::alibaba_ice {

inline constexpr std::string_view kAction = "GetAiRtcLicenseInfoList";
inline constexpr std::string_view kVersion = "2020-11-09";
inline constexpr std::string_view kProvider = "alibaba-ice";

struct IceOptions {
  std::string account;
  adapters::Endpoint endpoint;  // default_endpoint(region) unless configured
  std::string region = "cn-shanghai";
  std::string access_key_id;
  adapters::Secret access_key_secret;
  adapters::Secret security_token;  // STS only
  std::int64_t page_size = 50;      // PageSize; the service's maximum is not documented
  std::int64_t max_pages = 1000;    // a TotalCount needing more pages is refused, not truncated
};

// https://ice.<region>.aliyuncs.com (the doc's endpoint table; the SDK's own map sends many
// regions to the central ice.aliyuncs.com, which is why the endpoint stays configurable).
adapters::Endpoint default_endpoint(std::string_view region);

// One page: NeedTotalCount=true&PageNo=<page_no>&PageSize=<page_size>, signed with the
// attempt's date and nonce.
adapters::HttpRequest build_request(const IceOptions& options, std::int64_t page_no,
                                    const adapters::AttemptContext& attempt);

}  // namespace qg::alibaba_ice
