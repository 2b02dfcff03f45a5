#pragma once
// DescribeLivePackageInfo requests (providers.md §4.2-§4.3): POST / with a JSON body, signed with
// TC3-HMAC-SHA256 for service "live". Pure: the attempt's time comes in as an argument.

#include <cstdint>
#include <string>

#include "adapters/common/http_types.hpp"
#include "adapters/common/attempt.hpp"
#include "adapters/common/secret.hpp"

namespace qg::tencent_live {

inline constexpr std::string_view kAction = "DescribeLivePackageInfo";
inline constexpr std::string_view kVersion = "2018-08-01";
// The credential scope's service: always "live", also when the endpoint is an emulator or a
// proxy (the SDKs take the first label of the official host name, never of an override).
inline constexpr std::string_view kService = "live";
inline constexpr std::string_view kProvider = "tencent-live";
// Package types the API is queried with (request enumeration, not the response's Type).
inline constexpr int kPackageTypes[] = {0, 1, 2};

struct TencentLiveOptions {
  std::string account;
  adapters::Endpoint endpoint;     // default https://live.tencentcloudapi.com
  adapters::Secret secret_id;
  adapters::Secret secret_key;
  adapters::Secret session_token;  // temporary credentials: sent as X-TC-Token (not signed)
  std::string region;              // X-TC-Region; the API does not need it
  std::string language;            // X-TC-Language: zh-CN or en-US
  std::int64_t page_size = 100;    // 10..100; both PageNum and PageSize are always sent
};

adapters::Endpoint default_endpoint();

// The body: {"PackageType":0,"PageNum":1,"PageSize":100}.
std::string request_body(int package_type, std::int64_t page_num, std::int64_t page_size);

adapters::HttpRequest build_request(const TencentLiveOptions& options, int package_type, std::int64_t page_num,
                                    const adapters::AttemptContext& attempt);

}  // namespace qg::tencent_live
