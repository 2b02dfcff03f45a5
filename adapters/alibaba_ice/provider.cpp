#include "adapters/alibaba_ice/provider.hpp"

#include <optional>
#include <utility>

#include "adapters/alibaba_ice/errors.hpp"
#include "adapters/alibaba_ice/mapping.hpp"
#include "adapters/common/paging.hpp"

namespace qg::alibaba_ice {
namespace {

namespace net = boost::asio;

IceOptions sane(IceOptions o) {
  if (o.page_size < 1) o.page_size = IceOptions{}.page_size;
  if (o.max_pages < 1) o.max_pages = 1;
  return o;
}

class IceProvider final : public adapters::QuotaProvider {
 public:
  explicit IceProvider(IceOptions options) : options_(sane(std::move(options))) {}

  std::string_view provider() const override { return kProvider; }
  const std::string& account() const override { return options_.account; }
  const adapters::Endpoint& endpoint() const override { return options_.endpoint; }

  net::awaitable<adapters::FetchResult> fetch_all(adapters::UpstreamCaller& caller) override {
    // Written by page_count, a plain function that fetch_numbered_pages calls while this frame
    // is suspended awaiting it, so the reference stays valid.
    std::optional<adapters::UpstreamError> refused;
    adapters::NumberedPaging<PageInfo> paging;
    paging.page_size = options_.page_size;
    paging.max_pages = options_.max_pages;
    paging.fetch_page = [this, &caller](std::int64_t n) { return fetch_page(caller, n); };
    paging.page_count = [this, &refused](const PageInfo& first) -> std::optional<std::int64_t> {
      if (!first.total_count) return std::nullopt;
      const auto size =
          adapters::effective_page_size(options_.page_size, first.native_items, *first.total_count);
      auto count = adapters::checked_page_count(*first.total_count, size, options_.max_pages);
      if (count) return *count;
      refused = count.error();
      return 1;  // ask nothing more: the fetch fails below
    };
    paging.items = [](const PageInfo& p) { return p.native_items; };
    auto pages = co_await adapters::fetch_numbered_pages(std::move(paging));
    if (!pages) co_return pages.error();
    if (refused) co_return *refused;
    auto assemble = [&]() -> adapters::FetchResult { return adapters::account_records_of(*pages); };
    co_return co_await adapters::offloaded<adapters::FetchResult>(caller, std::move(assemble));
  }

 private:
  // A coroutine: everything it uses is a parameter or a member of this provider, which outlives
  // every fetch_all (the caller is alive for the whole fetch_all that hands it in).
  net::awaitable<adapters::PageResult<PageInfo>> fetch_page(adapters::UpstreamCaller& caller,
                                                            std::int64_t page_no) {
    adapters::UpstreamCall call;
    call.operation = kAction;
    call.build = [this, page_no](const adapters::AttemptContext& attempt) {
      return build_request(options_, page_no, attempt);
    };
    call.decode = decode_response;
    auto body = co_await caller.call(call);
    if (!body) co_return body.error();
    if (!body->is_object())
      co_return adapters::make_error(adapters::ErrorKind::kBadResponse, "not a JSON object");
    auto map = [&] { return adapters::bounded_page(map_page(body->as_object(), options_.account)); };
    co_return co_await adapters::offloaded<adapters::PageResult<PageInfo>>(caller, std::move(map));
  }

  IceOptions options_;
};

}  // namespace

std::unique_ptr<adapters::QuotaProvider> make_provider(IceOptions options) {
  return std::make_unique<IceProvider>(std::move(options));
}

}  // namespace qg::alibaba_ice
