#pragma once
// The alibaba-aicontent QuotaProvider: every paid resource of
// AliyunConsoleOpenApiQueryPaidResource (providers.md §3.7).
//
// Index paging first, because only it says how many pages there are: pageIndex 1 with
// pageSize and needTotalCount, then pages 2..ceil(totalCount / pageSize) all at once (each still
// through the caller, so within the account's pacing): two rounds of upstream latency however
// many pages, where a cursor costs one round per page. The page size counted in is the
// pageSize the service echoes, else judged from page 1 (a service that caps the size asked).
// A total needing more than max_pages pages is a "TooManyPages" error, never a truncated set.
//
// Without a totalCount the cursor is the fallback: maxResults, then nextToken until a page comes
// back without a token (or with "") or with no data; a token that repeats, or more than
// max_pages pages, is an "EndlessCursor" error. A short first index page without total or
// token is everything. When neither mode says more (the cursor's one page is full and carries
// no token), index pages are read one after another while they come back full. Any page's
// failure fails the whole fetch.

#include <memory>

#include "adapters/alibaba_aicontent/request.hpp"
#include "adapters/common/provider.hpp"

namespace qg::alibaba_aicontent {

std::unique_ptr<adapters::QuotaProvider> make_provider(AicontentOptions options);

}  // namespace qg::alibaba_aicontent
