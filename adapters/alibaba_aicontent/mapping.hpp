#pragma once
// PaidResourceDTO → QuotaRecord (providers.md §3.5). Pure.
//
// - id: "<instanceId>:<resourceCatalogCode>" (the instance alone when there is no catalog
//   code). One instance can hold several resource catalogs (a package covering several
//   services), so instanceId alone may not be unique per resource; the pair is stable across
//   fetches.
// - kind: resourceCatalogCode in lower-kebab case (AI_ORAL → ai-oral; "aicontent-resource"
//   without a code).
// - name: "<resourcePackageName> / <resourceCatalogName>" ("智能批改-资源包 / 口语评测"), UTF-8 kept
//   byte for byte; one of them alone when the other is missing or the same; else the catalog
//   code, else the instance id.
// - status: resourceStatus is an open enumeration (only ACTIVE is documented). Case-insensitive:
//   ACTIVE → active, EXPIRED → expired, EXHAUSTED and USED_UP → exhausted, FROZEN and
//   SUSPENDED → frozen, PENDING → pending, REFUNDED → refunded; any other value → unknown, with
//   native_status always the value verbatim. No guess beyond these words.
// - unit count; total = quantity, remaining = remainQuantity, used = quantity - remainQuantity
//   when 0 <= remainQuantity <= quantity (null otherwise: never a negative or invented usage).
// - starts_at = effectiveTime, expires_at = expireTime: "YYYY-MM-DD hh:mm:ss" Beijing time
//   (UTC+8, the zone is not stated; providers.md §3.5) → UTC. A time carrying its own zone
//   (RFC 3339) is read with that zone.
// - details: instance_id, resource_package_code, resource_package_name, resource_catalog_code,
//   resource_catalog_name, each only when present.
// Missing or unreadable fields (a wrong type, a number beyond int64, a bad time) are null.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "adapters/common/quota_record.hpp"

namespace qg::alibaba_aicontent {

struct PageInfo {
  adapters::RecordList records;
  std::optional<std::int64_t> total_count;  // totalCount
  std::optional<std::string> next_token;    // nextToken, verbatim ("" included)
  std::optional<std::int64_t> page_size;    // pageSize echoed in index mode
  std::size_t native_items = 0;             // entries of `data`, objects or not
};

adapters::QuotaStatus map_status(std::string_view resource_status);
std::string kebab(std::string_view code);  // "AI_ORAL" → "ai-oral"
adapters::QuotaRecord map_resource(const boost::json::object& resource, std::string_view account);
PageInfo map_page(const boost::json::object& body, std::string_view account);

}  // namespace qg::alibaba_aicontent
