#pragma once
// AliyunConsoleOpenApiQueryPaidResource (providers.md §3.3-§3.4): ROA style,
// GET /api/v1/aliyunConsole/queryPaidResource, version "20240611" (no dashes, as every official
// SDK sends it), ACS3-signed. Pure.

#include <cstdint>
#include <optional>
#include <string>

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
  adapters::Secret security_token;
  std::int64_t max_results = 20;  // page size in both paging modes
};

adapters::Endpoint default_endpoint();

// Cursor mode: maxResults (+ nextToken after the first page).
adapters::HttpRequest build_cursor_request(const AicontentOptions& options, const std::optional<std::string>& token,
                                           const adapters::AttemptContext& attempt);
// Index mode, for a service that returns no cursor: pageIndex + pageSize.
adapters::HttpRequest build_index_request(const AicontentOptions& options, std::int64_t page_index,
                                          const adapters::AttemptContext& attempt);

}  // namespace qg::alibaba_aicontent
