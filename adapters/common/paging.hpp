#pragma once
// The one paging helper for numbered pages (Tencent PageNum, ICE PageNo, AIContent pageIndex):
// fetch page 1, learn the page count from it, then fetch the remaining pages concurrently.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "adapters/common/concurrency.hpp"
#include "adapters/common/upstream_error.hpp"

namespace qg::adapters {

template <class Page>
using PageResult = boost::system::result<Page, UpstreamError>;

template <class Page>
struct NumberedPaging {
  std::function<boost::asio::awaitable<PageResult<Page>>(std::int64_t page_no)> fetch_page;  // 1-based
  std::function<std::int64_t(const Page&)> page_count;  // from page 1; <= 0 or absent: only page 1
  std::int64_t max_pages = 1000;  // a guard against a total that would never end
};

// All pages in order, or the first error (in page order).
template <class Page>
boost::asio::awaitable<boost::system::result<std::vector<Page>, UpstreamError>> fetch_numbered_pages(
    NumberedPaging<Page> paging) {
  std::vector<Page> pages;
  auto first = co_await paging.fetch_page(1);
  if (!first) co_return first.error();
  const std::int64_t count = std::clamp<std::int64_t>(paging.page_count(*first), 1, paging.max_pages);
  pages.push_back(std::move(*first));
  if (count == 1) co_return pages;

  std::vector<std::function<boost::asio::awaitable<PageResult<Page>>()>> rest;
  for (std::int64_t n = 2; n <= count; ++n) {
    rest.push_back([fetch = paging.fetch_page, n] { return fetch(n); });
  }
  auto results = co_await gather(std::move(rest));
  for (auto& r : results) {
    if (!r) co_return r.error();
    pages.push_back(std::move(*r));
  }
  co_return pages;
}

// Ceil(total / page_size) for APIs that only return a total item count.
inline std::int64_t pages_for(std::int64_t total_items, std::int64_t page_size) {
  if (total_items <= 0 || page_size <= 0) return 1;
  return (total_items + page_size - 1) / page_size;
}

}  // namespace qg::adapters
