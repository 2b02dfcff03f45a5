#pragma once
// Alibaba Cloud AIContent AliyunConsoleOpenApiQueryPaidResource 20240611, ROA style
// (providers.md §3). Pure.

#include <cstdint>
#include <optional>
#include <string>

#include "adapters/emulator/dataset.hpp"
#include "adapters/emulator/wire.hpp"

namespace qg::emulator {

// Cursor paging when nextToken or maxResults is given (maxResults 1..100, default 10; the
// answer's nextToken is absent on the last page), else index paging (pageIndex from 1, pageSize
// 1..100, both default as above). resourceType ALL or a resourceCatalogCode; orderBy
// effectiveTime | expireTime | instanceId | resourceId with orderDirection ASC | DESC (default
// DESC); needTotalCount (default true). Camel-case envelope; bad values → HTTP 400
// {"success":false,"errCode":"InvalidParameter",...}.
WireResponse aicontent_serve(const WireRequest& request, const Dataset& data);

// The cursor is an opaque base64 token, as the real one is; it contains '+', '/' and '=' so a
// client that does not percent-encode it properly fails here as it would in production.
std::string aicontent_token(std::int64_t offset);
std::optional<std::int64_t> aicontent_token_offset(std::string_view token);

}  // namespace qg::emulator
