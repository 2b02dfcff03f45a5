#pragma once
// The alibaba-aicontent QuotaProvider: every paid resource of
// AliyunConsoleOpenApiQueryPaidResource (providers.md §3.7).
//
// Cursor first: maxResults, then nextToken until a page comes back without a token (or with
// "") or with no data. A token that repeats, or more than max_pages pages, is an
// "EndlessCursor" error, never an endless loop. When the first page brings no cursor but
// totalCount says there is more (or, without a total, the page is full), index paging takes
// over from pageIndex 1 (page 1 again: the two modes need not order alike), the remaining pages
// concurrently. Any page's failure fails the whole fetch.

#include <memory>

#include "adapters/alibaba_aicontent/request.hpp"
#include "adapters/common/provider.hpp"

namespace qg::alibaba_aicontent {

std::unique_ptr<adapters::QuotaProvider> make_provider(AicontentOptions options);

}  // namespace qg::alibaba_aicontent
