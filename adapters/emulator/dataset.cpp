#include "adapters/emulator/dataset.hpp"

#include <random>
#include <string>

#include "adapters/common/time.hpp"

namespace qg::emulator {
namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kGB = 1000LL * 1000 * 1000;

// Raw mt19937_64 output is fixed by the standard; distributions are not, so we map it ourselves.
class Rng {
 public:
  // One stream per listing, so resizing one listing leaves the others' bytes unchanged.
  Rng(std::uint64_t seed, std::uint64_t stream) : engine_(seed ^ (stream * 0x9E3779B97F4A7C15ULL)) {}
  std::int64_t below(std::int64_t n) { return static_cast<std::int64_t>(engine_() % static_cast<std::uint64_t>(n)); }
  template <class T, std::size_t N>
  const T& pick(const T (&items)[N]) { return items[below(N)]; }

 private:
  std::mt19937_64 engine_;
};

std::string beijing(std::int64_t t) { return adapters::format_local_datetime(t, adapters::kBeijingUtcOffsetSeconds); }

// A status spread in which every value occurs, most packages are in use, and the dates agree
// with the status (an expired package expired before the epoch, a pending one starts after).
int tencent_status(std::int64_t i) {
  static constexpr int kCycle[] = {1, 1, 1, 4, 1, 2, 1, 1, 0, 1, 3, 1, 1, 5, 1, 4, 1, 2};
  return kCycle[i % static_cast<std::int64_t>(std::size(kCycle))];
}

boost::json::object tencent_package(Rng& rng, std::int64_t id, int type, int status, std::int64_t epoch) {
  static constexpr std::int64_t kTraffic[] = {100 * kGB, 500 * kGB, 1000 * kGB, 10000 * kGB};
  static constexpr std::int64_t kTranscode[] = {10000, 50000, 100000, 1000000};
  static constexpr std::int64_t kLinkmic[] = {100, 1000, 5000};
  const std::int64_t total = type == 0 ? rng.pick(kTraffic) : type == 3 ? rng.pick(kLinkmic) : rng.pick(kTranscode);
  std::int64_t buy = epoch - (30 + rng.below(330)) * kDay + rng.below(kDay);
  std::int64_t expire = buy + 365 * kDay;
  if (status == 2) {  // expired: a year-long package that ended before the epoch
    expire = epoch - (1 + rng.below(60)) * kDay;
    buy = expire - 365 * kDay;
  }
  if (status == 0) buy = epoch - (1 + rng.below(20)) * kDay;  // bought recently, nothing used yet
  if (status == 0) expire = buy + 365 * kDay;
  if (status == 1 && rng.below(6) == 0) expire = epoch + (1 + rng.below(29)) * kDay;  // expiring soon
  std::int64_t used = status == 4 ? total : status == 0 ? 0 : total / 1000 * rng.below(1000);
  if (status == 1 && rng.below(5) == 0) used = total - total / 100 * (1 + rng.below(9));  // nearly used up
  boost::json::object p;
  p["Id"] = std::to_string(id);
  p["Type"] = type;
  p["Status"] = status;
  p["Total"] = total;
  p["Used"] = used;
  p["Left"] = total - used;
  p["BuyTime"] = beijing(buy);
  p["ExpireTime"] = beijing(expire);
  p["WillRenew"] = rng.below(4) == 0 ? 1 : 0;
  static constexpr int kRenewal[] = {0, 0, 0, 1, -1};
  p["RenewalResult"] = rng.pick(kRenewal);
  return p;
}

boost::json::object ice_license(Rng& rng, std::int64_t i, std::int64_t epoch) {
  static constexpr std::int64_t kValid[] = {30, 90, 180, 365};
  static constexpr std::int64_t kCounts[] = {100, 1000, 5000, 10000};
  const std::int64_t valid = rng.pick(kValid);
  const bool expired = i % 5 == 3;
  const std::int64_t begin = expired ? epoch - (valid + 1 + rng.below(90)) * kDay : epoch - rng.below(valid) * kDay;
  const std::int64_t count = rng.pick(kCounts);
  boost::json::object o;
  o["CreationTime"] = adapters::format_rfc3339_utc(begin - 3600);
  o["ModificationTime"] = adapters::format_rfc3339_utc(begin + rng.below(kDay));
  o["Type"] = i % 3 == 2 ? 2 : 1;
  o["LicenseItemId"] = std::to_string(1771200000 + i * 37);
  o["Status"] = expired ? 2 : 1;
  o["ValidDays"] = valid;
  o["ExpiredOn"] = adapters::format_rfc3339_utc(begin + valid * kDay);
  o["BeginOn"] = adapters::format_rfc3339_utc(begin);
  o["LicenseCount"] = count;
  o["AvailableCapacity"] = count * 1000 - rng.below(count * 1000);
  o["InstanceId"] = "ice_CoverAILicense_public_cn" + std::to_string(100000 + i);
  o["ContractNo"] = std::to_string(258396267390000 + i * 11);
  return o;
}

boost::json::object aicontent_resource(Rng& rng, std::int64_t i, std::int64_t epoch) {
  struct Catalog {
    const char* code;
    const char* name;
    const char* package;
  };
  static constexpr Catalog kCatalogs[] = {
      {"AI_ORAL", "口语评测", "口语评测-资源包"},
      {"AI_ESSAY_CORRECTION", "作文批改", "智能批改-资源包"},
      {"AI_HOMEWORK_CORRECTION", "作业批改", "作业批改-资源包"},
      {"AI_QUESTION_EXPLAIN", "AI讲题", "AI讲题-资源包"},
  };
  static constexpr const char* kStatuses[] = {"ACTIVE", "ACTIVE", "ACTIVE", "EXPIRED", "ACTIVE",
                                              "EXHAUSTED", "ACTIVE", "FROZEN", "ACTIVE", "RELEASING"};
  static constexpr std::int64_t kQuantities[] = {1000, 5000, 10000, 50000};
  const Catalog& c = kCatalogs[i % 4];
  const std::string status = kStatuses[i % static_cast<std::int64_t>(std::size(kStatuses))];
  const std::int64_t quantity = rng.pick(kQuantities);
  std::int64_t remain = status == "EXHAUSTED" ? 0 : quantity - rng.below(quantity);
  std::int64_t start = epoch - (10 + rng.below(300)) * kDay;
  std::int64_t end = start + 365 * kDay;
  if (status == "EXPIRED") end = epoch - (1 + rng.below(30)) * kDay;
  if (status == "ACTIVE" && rng.below(4) == 0) end = epoch + (1 + rng.below(14)) * kDay;
  boost::json::object o;
  o["instanceId"] = "airec-cn-" + std::to_string(4100000 + i * 7919);
  o["resourcePackageCode"] = "PRE_PAID_RECOURSE_PACKAGE";
  o["resourcePackageName"] = c.package;
  o["resourceCatalogCode"] = c.code;
  o["resourceCatalogName"] = c.name;
  o["resourceStatus"] = status;
  o["quantity"] = quantity;
  o["remainQuantity"] = remain;
  o["effectiveTime"] = beijing(start);
  o["expireTime"] = beijing(end);
  return o;
}

// When a long-expired package of the history ended: 31 days to 3 years before the epoch, past
// any grace period an exporter keeps expired packages for.
std::int64_t history_expiry(Rng& rng, std::int64_t epoch) {
  return epoch - (31 + rng.below(3 * 365 - 31)) * kDay - rng.below(kDay);
}

void add_history(Dataset& d, std::uint64_t seed, int count) {
  for (std::size_t type = 0; type < 3; ++type) {
    Rng rng(seed, 11 + type);
    const int native_type = type == 0 ? 0 : type == 1 ? 1 : 3;
    for (int i = 0; i < count; ++i) {
      // Ids 50,000 above the type's range: apart from the current packages however many there are.
      auto p = tencent_package(rng, 331000 + 100000 * static_cast<std::int64_t>(type) + i,
                               type == 1 && i % 3 == 2 ? 2 : native_type, 2, d.epoch);
      const std::int64_t expire = history_expiry(rng, d.epoch);
      p["BuyTime"] = beijing(expire - 365 * kDay);
      p["ExpireTime"] = beijing(expire);
      d.tencent[type].push_back(std::move(p));
    }
  }
  Rng ice(seed, 14);
  for (int i = 0; i < count; ++i) {
    auto o = ice_license(ice, i, d.epoch);
    o["Status"] = 2;
    const std::int64_t end = history_expiry(ice, d.epoch);
    const std::int64_t begin = end - o.at("ValidDays").as_int64() * kDay;
    o["CreationTime"] = adapters::format_rfc3339_utc(begin - 3600);
    o["ModificationTime"] = adapters::format_rfc3339_utc(begin + ice.below(kDay));
    o["BeginOn"] = adapters::format_rfc3339_utc(begin);
    o["ExpiredOn"] = adapters::format_rfc3339_utc(end);
    o["LicenseItemId"] = std::to_string(1871200000 + static_cast<std::int64_t>(i) * 37);
    o["InstanceId"] = "ice_CoverAILicense_public_cn" + std::to_string(900000 + i);
    o["ContractNo"] = std::to_string(358396267390000 + static_cast<std::int64_t>(i) * 11);
    d.ice.push_back(std::move(o));
  }
  Rng aic(seed, 15);
  for (int i = 0; i < count; ++i) {
    auto o = aicontent_resource(aic, i, d.epoch);
    o["resourceStatus"] = "EXPIRED";
    const std::int64_t end = history_expiry(aic, d.epoch);
    o["effectiveTime"] = beijing(end - 365 * kDay);
    o["expireTime"] = beijing(end);
    o["instanceId"] = "airec-cn-" + std::to_string(900000000 + static_cast<std::int64_t>(i) * 7919);
    d.aicontent.push_back(std::move(o));
  }
}

}  // namespace

std::size_t Dataset::total_records() const {
  return tencent[0].size() + tencent[1].size() + tencent[2].size() + ice.size() + aicontent.size();
}

std::int64_t default_epoch(std::int64_t now_unix) {
  const std::int64_t local = now_unix + adapters::kBeijingUtcOffsetSeconds;
  return local - local % kDay - adapters::kBeijingUtcOffsetSeconds;
}

Dataset make_dataset(std::uint64_t seed, std::int64_t epoch, const DatasetSizes& sizes) {
  Dataset d;
  d.epoch = epoch;
  // Ids in disjoint ranges per package type, like the doc example's six-digit ids.
  Rng traffic(seed, 1), transcode(seed, 2), linkmic(seed, 3), ice(seed, 4), aicontent(seed, 5);
  for (int i = 0; i < sizes.tencent_traffic; ++i) {
    d.tencent[0].push_back(tencent_package(traffic, 281000 + i, 0, tencent_status(i), epoch));
  }
  for (int i = 0; i < sizes.tencent_transcode; ++i) {
    d.tencent[1].push_back(tencent_package(transcode, 381000 + i, i % 3 == 2 ? 2 : 1, tencent_status(i + 7), epoch));
  }
  for (int i = 0; i < sizes.tencent_linkmic; ++i) {
    d.tencent[2].push_back(tencent_package(linkmic, 481000 + i, 3, tencent_status(i + 3), epoch));
  }
  for (int i = 0; i < sizes.ice_licenses; ++i) d.ice.push_back(ice_license(ice, i, epoch));
  for (int i = 0; i < sizes.aicontent_resources; ++i) d.aicontent.push_back(aicontent_resource(aicontent, i, epoch));
  if (sizes.expired_history > 0) add_history(d, seed, sizes.expired_history);
  return d;
}

}  // namespace qg::emulator
