#pragma once
// The one paging helper for the three APIs:
// - numbered pages (Tencent PageNum, ICE PageNo, AIContent pageIndex): page 1 first, then,
//   when it tells how many there are, the rest concurrently (each still through the caller's
//   pacer: two rounds of latency whatever the count); when it does not, page by page while
//   pages come back full;
// - cursors (AIContent nextToken): page by page until the token is empty, refusing a cursor
//   that repeats or runs past a page limit.
// Work per fetch is bounded: at most max_pages pages (1,000 by default), and the record bounds
// of record_bounds.hpp. A reply past a bound is refused as a bad response (TooManyPages,
// TooManyRecords), never cut short and served.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "adapters/common/concurrency.hpp"
#include "adapters/common/quota_record.hpp"
#include "adapters/common/record_bounds.hpp"
#include "adapters/common/upstream_error.hpp"

namespace qg::adapters {

inline UpstreamError too_many_pages(std::string message) {
  auto e = make_error(ErrorKind::kBadResponse, std::move(message));
  e.code = "TooManyPages";
  return e;
}

template <class Page>
using PageResult = boost::system::result<Page, UpstreamError>;
template <class Page>
using PagesResult = boost::system::result<std::vector<Page>, UpstreamError>;

template <class Page>
struct NumberedPaging {
  std::function<boost::asio::awaitable<PageResult<Page>>(std::int64_t page_no)> fetch_page;  // 1-based
  std::function<std::optional<std::int64_t>(const Page&)> page_count;  // from page 1; nullopt: unknown
  std::function<std::size_t(const Page&)> items;                       // items a page carried
  std::int64_t page_size = 100;
  std::int64_t max_pages = 1000;  // a guard against a total that would never end
  std::optional<Page> first;      // page 1 when the caller already has it: not asked again
};

// All pages in order, or the first error (in page order). More pages than max_pages — a count
// page 1 announces, or full pages still coming at the guard — is refused (TooManyPages).
template <class Page>
boost::asio::awaitable<PagesResult<Page>> fetch_numbered_pages(NumberedPaging<Page> paging) {
  std::vector<Page> pages;
  if (!paging.first) {
    auto fetched = co_await paging.fetch_page(1);
    if (!fetched) co_return fetched.error();
    paging.first = std::move(*fetched);
  }
  const std::optional<std::int64_t> known = paging.page_count(*paging.first);
  pages.push_back(std::move(*paging.first));
  if (!known) {
    while (static_cast<std::int64_t>(paging.items(pages.back())) >= paging.page_size &&
           static_cast<std::int64_t>(pages.size()) < paging.max_pages) {
      auto next = co_await paging.fetch_page(static_cast<std::int64_t>(pages.size()) + 1);
      if (!next) co_return next.error();
      pages.push_back(std::move(*next));
    }
    if (static_cast<std::int64_t>(paging.items(pages.back())) >= paging.page_size &&
        static_cast<std::int64_t>(pages.size()) >= paging.max_pages) {
      co_return too_many_pages("the provider's pages were still full after the " + std::to_string(paging.max_pages) +
                               "-page guard");
    }
    co_return pages;
  }
  if (*known > paging.max_pages) {
    co_return too_many_pages("the provider announces " + std::to_string(*known) + " pages, more than the " +
                             std::to_string(paging.max_pages) + "-page guard");
  }
  const std::int64_t count = std::max<std::int64_t>(*known, 1);
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

template <class Page>
struct CursorPaging {
  std::function<boost::asio::awaitable<PageResult<Page>>(std::optional<std::string> token)> fetch_page;
  std::function<std::optional<std::string>(const Page&)> next_token;  // nullopt or "": the last page
  // Optional: items a page carried. When set, an empty page is the last one even if it still
  // carries a token (some services hand out a token until a page comes back empty).
  std::function<std::size_t(const Page&)> items;
  std::int64_t max_pages = 1000;
};

template <class Page>
boost::asio::awaitable<PagesResult<Page>> fetch_cursor_pages(CursorPaging<Page> paging) {
  std::vector<Page> pages;
  std::set<std::string> seen;
  std::optional<std::string> token;
  for (;;) {
    auto page = co_await paging.fetch_page(token);
    if (!page) co_return page.error();
    token = paging.next_token(*page);
    const bool empty = paging.items && paging.items(*page) == 0;
    pages.push_back(std::move(*page));
    if (!token || token->empty() || empty) co_return pages;
    if (!seen.insert(*token).second || static_cast<std::int64_t>(pages.size()) >= paging.max_pages) {
      auto e = make_error(ErrorKind::kBadResponse, "the provider's paging cursor never ends (a token repeated or " +
                                                       std::to_string(pages.size()) + " pages were reached)");
      e.code = "EndlessCursor";
      co_return e;
    }
  }
}

// A mapped page, or its refusal when it carried more than kMaxItemsPerPage items (the mapping
// left those unmapped).
template <class Page>
PageResult<Page> bounded_page(Page page) {
  if (auto e = oversized_page(page.native_items)) return *e;
  return page;
}

// An account's records from all its pages: refused past kMaxRecordsPerAccount, else with ids
// made unique (keep_ids_unique).
inline boost::system::result<RecordList, UpstreamError> account_records(RecordList records) {
  if (auto e = oversized_account(static_cast<std::int64_t>(records.size()))) return *e;
  keep_ids_unique(records);
  return records;
}

// account_records over every page's records, moved out of `pages` (each page type has `records`).
template <class Page>
boost::system::result<RecordList, UpstreamError> account_records_of(std::vector<Page>& pages) {
  RecordList records;
  for (auto& page : pages) {
    for (auto& r : page.records) records.push_back(std::move(r));
  }
  return account_records(std::move(records));
}

// Ceil(total / page_size) for APIs that only return a total item count.
inline std::int64_t pages_for(std::int64_t total_items, std::int64_t page_size) {
  if (total_items <= 0 || page_size <= 0) return 1;
  return (total_items + page_size - 1) / page_size;
}

// The page size a service really uses, judged from page 1: one that caps the size asked for
// answers a short first page while its total says there is more. Later page numbers then count
// in that smaller size, and computing the page count from the size asked for would silently
// miss items.
inline std::int64_t effective_page_size(std::int64_t asked, std::size_t first_page_items, std::int64_t total_items) {
  const auto got = static_cast<std::int64_t>(first_page_items);
  return got > 0 && got < asked && total_items > got ? got : asked;
}

// ceil(total_items / page_size), or an error past max_pages: fetch_numbered_pages stops at its
// guard, and a set cut there would be served as complete.
inline boost::system::result<std::int64_t, UpstreamError> checked_page_count(std::int64_t total_items,
                                                                              std::int64_t page_size,
                                                                              std::int64_t max_pages) {
  const std::int64_t count = pages_for(total_items, page_size);
  if (count > max_pages) {
    return too_many_pages("the provider's total of " + std::to_string(total_items) + " items needs " +
                          std::to_string(count) + " pages of " + std::to_string(page_size) + ", more than the " +
                          std::to_string(max_pages) + "-page guard");
  }
  if (auto e = oversized_account(total_items)) return *e;
  return count;
}

}  // namespace qg::adapters
