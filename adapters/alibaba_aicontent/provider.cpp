#include "adapters/alibaba_aicontent/provider.hpp"

#include <optional>
#include <utility>

#include "adapters/alibaba_aicontent/errors.hpp"
#include "adapters/alibaba_aicontent/mapping.hpp"
#include "adapters/common/paging.hpp"

namespace qg::alibaba_aicontent {
namespace {

namespace net = boost::asio;
using Pages = adapters::PagesResult<PageInfo>;

AicontentOptions sane(AicontentOptions o) {
  if (o.max_results < 1) o.max_results = AicontentOptions{}.max_results;
  if (o.max_pages < 1) o.max_pages = 1;
  return o;
}

// The cursor ended after one page, yet the listing has more (its total says so, or the page is
// full): the service pages by index only.
bool needs_index_paging(const std::vector<PageInfo>& cursor_pages, std::int64_t asked) {
  if (cursor_pages.size() != 1) return false;
  const auto& first = cursor_pages.front();
  const auto items = static_cast<std::int64_t>(first.native_items);
  if (first.total_count) return *first.total_count > items;
  return items >= asked;
}

class AicontentProvider final : public adapters::QuotaProvider {
 public:
  explicit AicontentProvider(AicontentOptions options) : options_(sane(std::move(options))) {}

  std::string_view provider() const override { return kProvider; }
  const std::string& account() const override { return options_.account; }
  const adapters::Endpoint& endpoint() const override { return options_.endpoint; }

  net::awaitable<adapters::FetchResult> fetch_all(adapters::UpstreamCaller& caller) override {
    auto first = co_await fetch_index(caller, 1);
    if (!first) co_return first.error();
    const bool short_and_alone = static_cast<std::int64_t>(first->native_items) < options_.max_results &&
                                 (!first->next_token || first->next_token->empty());
    Pages pages = adapters::UpstreamError{};
    if (first->total_count || short_and_alone) {
      pages = co_await fetch_by_index(caller, std::move(*first));
    } else {
      pages = co_await fetch_by_cursor(caller, std::move(*first));
    }
    if (!pages) co_return pages.error();
    auto assemble = [&]() -> adapters::FetchResult { return adapters::account_records_of(*pages); };
    co_return co_await adapters::offloaded<adapters::FetchResult>(caller, std::move(assemble));
  }

 private:
  // No total on index page 1: the cursor from its start. `index_first` is kept for a service
  // whose cursor says no more than the index did.
  net::awaitable<Pages> fetch_by_cursor(adapters::UpstreamCaller& caller, PageInfo index_first) {
    adapters::CursorPaging<PageInfo> cursor;
    cursor.fetch_page = [this, &caller](std::optional<std::string> token) {
      return fetch_cursor(caller, std::move(token));
    };
    cursor.next_token = [](const PageInfo& p) { return p.next_token; };
    cursor.items = [](const PageInfo& p) { return p.native_items; };
    cursor.max_pages = options_.max_pages;
    Pages pages = co_await adapters::fetch_cursor_pages(std::move(cursor));
    if (!pages || !needs_index_paging(*pages, options_.max_results)) co_return pages;
    // Index pages again (the two modes need not order alike: the cursor's page is dropped), with
    // the total the cursor's page brought, if any.
    if (!index_first.total_count) index_first.total_count = pages->front().total_count;
    co_return co_await fetch_by_index(caller, std::move(index_first));
  }

  net::awaitable<Pages> fetch_by_index(adapters::UpstreamCaller& caller, PageInfo first) {
    // Written by page_count, a plain function that fetch_numbered_pages calls while this frame
    // is suspended awaiting it, so the reference stays valid.
    std::optional<adapters::UpstreamError> refused;
    adapters::NumberedPaging<PageInfo> index;
    index.page_size = options_.max_results;
    index.max_pages = options_.max_pages;
    index.first = std::move(first);
    index.fetch_page = [this, &caller](std::int64_t n) { return fetch_index(caller, n); };
    index.page_count = [this, &refused](const PageInfo& page1) -> std::optional<std::int64_t> {
      if (!page1.total_count) return std::nullopt;
      // The pageSize the service echoes is the one it used; without it, judge from page 1.
      const std::int64_t size =
          page1.page_size && *page1.page_size > 0
              ? *page1.page_size
              : adapters::effective_page_size(options_.max_results, page1.native_items, *page1.total_count);
      auto count = adapters::checked_page_count(*page1.total_count, size, options_.max_pages);
      if (count) return *count;
      refused = count.error();
      return 1;  // ask nothing more: the fetch fails below
    };
    index.items = [](const PageInfo& p) { return p.native_items; };
    Pages pages = co_await adapters::fetch_numbered_pages(std::move(index));
    if (pages && refused) co_return *refused;
    co_return pages;
  }

  // The page coroutines use only their parameters and this provider, which outlives every
  // fetch_all (as does the caller handed to it).
  net::awaitable<adapters::PageResult<PageInfo>> run(adapters::UpstreamCaller& caller,
                                                     adapters::UpstreamCall call) {
    auto body = co_await caller.call(call);
    if (!body) co_return body.error();
    if (!body->is_object())
      co_return adapters::make_error(adapters::ErrorKind::kBadResponse, "not a JSON object");
    auto map = [&] { return adapters::bounded_page(map_page(body->as_object(), options_.account)); };
    co_return co_await adapters::offloaded<adapters::PageResult<PageInfo>>(caller, std::move(map));
  }

  net::awaitable<adapters::PageResult<PageInfo>> fetch_cursor(adapters::UpstreamCaller& caller,
                                                              std::optional<std::string> token) {
    adapters::UpstreamCall call;
    call.operation = kAction;
    call.build = [this, token = std::move(token)](const adapters::AttemptContext& a) {
      return build_cursor_request(options_, token, a);
    };
    call.decode = decode_response;
    co_return co_await run(caller, std::move(call));
  }

  net::awaitable<adapters::PageResult<PageInfo>> fetch_index(adapters::UpstreamCaller& caller,
                                                             std::int64_t n) {
    adapters::UpstreamCall call;
    call.operation = kAction;
    call.build = [this, n](const adapters::AttemptContext& a) { return build_index_request(options_, n, a); };
    call.decode = decode_response;
    co_return co_await run(caller, std::move(call));
  }

  AicontentOptions options_;
};

}  // namespace

std::unique_ptr<adapters::QuotaProvider> make_provider(AicontentOptions options) {
  return std::make_unique<AicontentProvider>(std::move(options));
}

}  // namespace qg::alibaba_aicontent
