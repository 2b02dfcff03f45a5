#pragma once
// Tencent Cloud Live DescribeLivePackageInfo 2018-08-01 (providers.md §4). Pure.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "adapters/emulator/api.hpp"
#include "adapters/emulator/dataset.hpp"
#include "adapters/emulator/options.hpp"
#include "adapters/emulator/wire.hpp"

namespace qg::emulator {

inline constexpr std::string_view kTencentAction = "DescribeLivePackageInfo";
inline constexpr std::string_view kTencentVersion = "2018-08-01";
inline constexpr std::string_view kTencentService = "live";

// InvalidAction, NoSuchVersion, MissingParameter, then TC3 (verify_tc3's codes).
Admission tencent_admit(const WireRequest& request, const std::vector<Credential>& credentials, std::int64_t now_unix);

// Parameters from the JSON body (POST), a form body, or the query (GET). PackageType 0 → the
// traffic packages (Type 0, bytes), 1 → transcode (Type 1 and 2, minutes), 2 → link-mic (Type 3,
// hours). PageNum/PageSize only count together (PageSize 10..100); default page 1 of 100.
// OrderBy BuyTimeDesc (default) | BuyTimeAsc | ExpireTimeDesc | ExpireTimeAsc (not for
// PackageType 2). Errors: MissingParameter, InvalidParameter, InvalidParameterValue,
// UnknownParameter.
WireResponse tencent_serve(const WireRequest& request, const Dataset& data);

// RequestLimitExceeded for a client over `capacity` requests per second.
WireResponse tencent_throttled(std::size_t capacity);

}  // namespace qg::emulator
