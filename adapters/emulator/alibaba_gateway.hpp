#pragma once
// The POP gateway in front of both Alibaba APIs: which action and version a request names, its
// method and path, then ACS3. Nonce replay and throttling are state, checked by the core after
// this. Pure.

#include <cstdint>
#include <string_view>
#include <vector>

#include "adapters/emulator/api.hpp"
#include "adapters/emulator/options.hpp"
#include "adapters/emulator/wire.hpp"

namespace qg::emulator {

struct PopApi {
  std::string_view action;
  std::string_view version;
  std::string_view path;        // "/" for RPC
  bool rpc = true;              // RPC: POST or GET on "/"; ROA: GET on `path` only
  std::string_view product;     // for the Recommend link
};

inline constexpr PopApi kIceApi{"GetAiRtcLicenseInfoList", "2020-11-09", "/", true, "ICE"};
inline constexpr PopApi kAicontentApi{"AliyunConsoleOpenApiQueryPaidResource", "20240611",
                                      "/api/v1/aliyunConsole/queryPaidResource", false, "AiContent"};

// 404 InvalidAction.NotFound (action, method or path), 400 InvalidVersion, then verify_acs3's codes.
Admission alibaba_admit(const WireRequest& request, const PopApi& api, const std::vector<Credential>& credentials,
                        std::int64_t now_unix);

// The business parameters: the query, plus a form body when there is one (legacy RPC clients
// post their parameters that way; the body hash is signed either way). Malformed → nullopt.
std::optional<Params> alibaba_params(const WireRequest& request);

// An "InvalidAction.NotFound" for a request no emulated Alibaba API matches.
WireResponse alibaba_action_not_found(const WireRequest& request);

}  // namespace qg::emulator
