#pragma once
// Alibaba Cloud ICE GetAiRtcLicenseInfoList 2020-11-09, RPC style (providers.md §2). Pure.

#include "adapters/emulator/dataset.hpp"
#include "adapters/emulator/wire.hpp"

namespace qg::emulator {

// Filters LicenseItemId, Status (1 active, 2 expired), Type (1 audio, 2 vision); PageNo (from
// 1, default 1), PageSize (1..100, default 10), NeedTotalCount (default true; false omits
// TotalCount). Answers {"RequestId","Success","Code","Message","HttpStatusCode",
// "LicenseInfoList","TotalCount"}; bad values → 400 InvalidParameter in the POP envelope.
WireResponse ice_serve(const WireRequest& request, const Dataset& data);

}  // namespace qg::emulator
