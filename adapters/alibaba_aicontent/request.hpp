#pragma once
// AliyunConsoleOpenApiQueryPaidResource (providers.md §3.3-§3.4): ROA style,
// GET /api/v1/aliyunConsole/queryPaidResource, version "20240611" (no dashes, as every official
// SDK sends it), every parameter in the query, no body, ACS3-signed. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/common/alibaba_pop.hpp"

namespace qg::alibaba_aicontent {

inline constexpr std::string_view kAction = "AliyunConsoleOpenApiQueryPaidResource";
inline constexpr std::string_view kVersion = "20240611";
inline constexpr std::string_view kPath = "/api/v1/aliyunConsole/queryPaidResource";
inline constexpr std::string_view kProvider = "alibaba-aicontent";

struct AicontentOptions {
  std::string account;
  adapters::Endpoint endpoint;  // default https://aicontent.aliyuncs.com
  std::string access_key_id;
  adapters::Secret access_key_secret;
  adapters::Secret security_token;  // STS only
  // Page size in both paging modes (pageSize / maxResults). No maximum is documented; 100 is
  // the conventional POP ceiling (providers.md §2) and what the emulator accepts. A service that
  // serves fewer is read right (the size it echoes, else page 1, decides the page count).
  std::int64_t max_results = 100;
  std::int64_t max_pages = 1000;    // a cursor or a total needing more pages is an error
};

// The SDK's map: no region, "public" and cn-shanghai → aicontent.aliyuncs.com; any other region
// → aicontent.<region>.aliyuncs.com (cn-hangzhou, cn-beijing).
adapters::Endpoint default_endpoint(std::string_view region = {});

// Every request asks resourceType=ALL (the one documented value, as in the SDK's example, so the
// listing does not depend on an undocumented default) and needTotalCount=true (the total is what
// lets every index page after the first go out at once).

// Cursor mode, the fallback when index page 1 brings no total: maxResults, plus nextToken after
// the first page.
adapters::HttpRequest build_cursor_request(const AicontentOptions& options,
                                           const std::optional<std::string>& token,
                                           const adapters::AttemptContext& attempt);
// Index mode, the first choice: pageIndex (1-based) + pageSize.
adapters::HttpRequest build_index_request(const AicontentOptions& options, std::int64_t page_index,
                                          const adapters::AttemptContext& attempt);

}  // namespace qg::alibaba_aicontent
