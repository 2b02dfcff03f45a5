#pragma once
// A small, varied record set for the targets that exercise filtering, sorting and rendering:
// every provider, missing quantities and dates, UTF-8 names and a spreadsheet-formula name.

#include <string>
#include <vector>

#include "adapters/common/quota_record.hpp"

namespace qg::fuzz {

inline std::vector<adapters::QuotaRecord> sample_records(std::string_view only_account = {}) {
  std::vector<adapters::QuotaRecord> records;
  const char* kinds[] = {"live-traffic", "ai-rtc-audio", "ai-oral"};
  const char* providers[] = {"tencent-live", "alibaba-ice", "alibaba-aicontent"};
  const char* accounts[] = {"live", "rtc", "aic"};
  for (int i = 0; i < 12; ++i) {
    adapters::QuotaRecord r;
    r.provider = providers[i % 3];
    r.account = accounts[i % 3];
    if (!only_account.empty()) {
      r.provider = "tencent-live";
      r.account = std::string(only_account);
    }
    r.id = adapters::make_record_id(r.provider, r.account, std::to_string(i));
    r.kind = kinds[i % 3];
    r.name = i % 2 ? "智能批改-资源包 / 口语评测" : "=cmd|' /C calc'!A0";
    r.status = i % 4 == 0 ? adapters::QuotaStatus::kExpired : adapters::QuotaStatus::kActive;
    r.unit = i % 3 == 0 ? "bytes" : "licenses";
    if (i % 5 != 0) {
      r.total = 1000 * i;
      r.remaining = 37 * i;
      r.used = 1000 * i - 37 * i;
    }
    r.starts_at = 1700000000 + i * 86400;
    if (i % 6 != 0) r.expires_at = 1790000000 + i * 86400;
    if (i % 2) r.auto_renew = i % 4 == 1;
    adapters::finalize(r);
    records.push_back(std::move(r));
  }
  return records;
}

}  // namespace qg::fuzz
