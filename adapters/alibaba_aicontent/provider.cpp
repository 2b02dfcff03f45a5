#include "adapters/alibaba_aicontent/provider.hpp"

#include "adapters/alibaba_aicontent/errors.hpp"
#include "adapters/alibaba_aicontent/mapping.hpp"
#include "adapters/common/paging.hpp"

namespace qg::alibaba_aicontent {
namespace {

namespace net = boost::asio;
using Pages = adapters::PagesResult<PageInfo>;

class AicontentProvider final : public adapters::QuotaProvider {
 public:
  explicit AicontentProvider(AicontentOptions options) : options_(std::move(options)) {}

  std::string_view provider() const override { return kProvider; }
  const std::string& account() const override { return options_.account; }
  const adapters::Endpoint& endpoint() const override { return options_.endpoint; }

  net::awaitable<adapters::FetchResult> fetch_all(adapters::UpstreamCaller& caller) override {
    adapters::CursorPaging<PageInfo> cursor;
    cursor.fetch_page = [this, &caller](std::optional<std::string> token) { return fetch_cursor(caller, std::move(token)); };
    cursor.next_token = [](const PageInfo& p) { return p.next_token; };
    Pages pages = co_await adapters::fetch_cursor_pages(cursor);
    if (!pages) co_return pages.error();

    // No cursor came back, yet the total says there is more: page by index instead.
    const auto& first = pages->front();
    if (pages->size() == 1 && first.total_count &&
        *first.total_count > static_cast<std::int64_t>(first.native_items)) {
      adapters::NumberedPaging<PageInfo> index;
      index.page_size = options_.max_results;
      index.fetch_page = [this, &caller](std::int64_t n) { return fetch_index(caller, n); };
      index.page_count = [size = options_.max_results](const PageInfo& p) -> std::optional<std::int64_t> {
        if (p.total_count) return adapters::pages_for(*p.total_count, size);
        return std::nullopt;
      };
      index.items = [](const PageInfo& p) { return p.native_items; };
      pages = co_await adapters::fetch_numbered_pages(index);
      if (!pages) co_return pages.error();
    }
    adapters::RecordList records;
    for (auto& page : *pages) {
      for (auto& r : page.records) records.push_back(std::move(r));
    }
    co_return records;
  }

 private:
  net::awaitable<adapters::PageResult<PageInfo>> run(adapters::UpstreamCaller& caller, adapters::UpstreamCall call) {
    auto body = co_await caller.call(call);
    if (!body) co_return body.error();
    co_return map_page(body->as_object(), options_.account);
  }

  net::awaitable<adapters::PageResult<PageInfo>> fetch_cursor(adapters::UpstreamCaller& caller,
                                                              std::optional<std::string> token) {
    adapters::UpstreamCall call;
    call.operation = kAction;
    call.build = [this, token](const adapters::AttemptContext& a) { return build_cursor_request(options_, token, a); };
    call.decode = decode_response;
    co_return co_await run(caller, std::move(call));
  }

  net::awaitable<adapters::PageResult<PageInfo>> fetch_index(adapters::UpstreamCaller& caller, std::int64_t n) {
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
