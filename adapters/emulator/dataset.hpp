#pragma once
// The emulators' data: seeded and deterministic (same seed and epoch → same bytes), realistic
// values, every status, several pages per listing. Dates are anchored on `epoch` so that demo
// data always has packages expiring this week, this month, and already expired. Pure.

#include <array>
#include <cstdint>
#include <vector>

#include <boost/json/object.hpp>

namespace qg::emulator {

struct DatasetSizes {
  int tencent_traffic = 230;    // PackageType 0 → 3 pages of 100
  int tencent_transcode = 150;  // PackageType 1 (response Type 1 and 2) → 2 pages
  int tencent_linkmic = 120;    // PackageType 2 (response Type 3) → 2 pages
  int ice_licenses = 120;       // several pages at PageSize 50
  int aicontent_resources = 60; // several pages at maxResults 20
  // Per listing (each Tencent PackageType, ICE, AIContent), this many more packages that
  // expired long ago (31 days to 3 years before the epoch): the history a real account
  // accumulates. Generated apart, so adding history leaves the other records' bytes unchanged.
  int expired_history = 0;
};

struct Dataset {
  std::int64_t epoch = 0;
  std::array<std::vector<boost::json::object>, 3> tencent;  // LivePackageInfo, by request PackageType
  std::vector<boost::json::object> ice;                     // AiRtcLicenseInfoDTO
  std::vector<boost::json::object> aicontent;               // PaidResourceDTO

  std::size_t total_records() const;
};

Dataset make_dataset(std::uint64_t seed, std::int64_t epoch, const DatasetSizes& sizes);

// Today 00:00 in Beijing time, as Unix seconds: the default anchor.
std::int64_t default_epoch(std::int64_t now_unix);

}  // namespace qg::emulator
