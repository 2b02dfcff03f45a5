#include "adapters/tencent_live/provider.hpp"

#include <utility>
#include <vector>

#include "adapters/common/concurrency.hpp"
#include "adapters/common/paging.hpp"
#include "adapters/tencent_live/errors.hpp"
#include "adapters/tencent_live/mapping.hpp"

namespace qg::tencent_live {
namespace {

namespace net = boost::asio;
using adapters::FetchResult;
using adapters::PageResult;
using adapters::UpstreamCaller;

class TencentLiveProvider final : public adapters::QuotaProvider {
 public:
  explicit TencentLiveProvider(TencentLiveOptions options) : options_(std::move(options)) {}

  std::string_view provider() const override { return kProvider; }
  const std::string& account() const override { return options_.account; }
  const adapters::Endpoint& endpoint() const override { return options_.endpoint; }

  net::awaitable<FetchResult> fetch_all(UpstreamCaller& caller) override {
    std::vector<std::function<net::awaitable<boost::system::result<adapters::RecordList, adapters::UpstreamError>>()>>
        per_type;
    for (const int type : kPackageTypes) {
      per_type.push_back([this, &caller, type] { return fetch_type(caller, type); });
    }
    auto results = co_await adapters::gather(std::move(per_type));
    adapters::RecordList all;
    for (auto& r : results) {
      if (!r) co_return r.error();
      for (auto& record : *r) all.push_back(std::move(record));
    }
    // Items shift between concurrently fetched pages too: repeats dropped, ids unique.
    co_return adapters::account_records(std::move(all));
  }

 private:
  net::awaitable<PageResult<PageInfo>> fetch_page(UpstreamCaller& caller, int type, std::int64_t page_num) {
    adapters::UpstreamCall call;
    call.operation = kAction;
    call.build = [this, type, page_num](const adapters::AttemptContext& attempt) {
      return build_request(options_, type, page_num, attempt);
    };
    call.decode = decode_response;
    auto body = co_await caller.call(call);
    if (!body) co_return body.error();
    auto map = [&] { return adapters::bounded_page(map_page(body->as_object(), options_.account)); };
    co_return co_await adapters::offloaded<PageResult<PageInfo>>(caller, std::move(map));
  }

  net::awaitable<boost::system::result<adapters::RecordList, adapters::UpstreamError>> fetch_type(
      UpstreamCaller& caller, int type) {
    adapters::NumberedPaging<PageInfo> paging;
    paging.page_size = options_.page_size;
    paging.fetch_page = [this, &caller, type](std::int64_t n) { return fetch_page(caller, type, n); };
    // TotalPage and TotalNum are nullable: without them, a full page means "maybe more".
    // Written by page_count, a plain function that fetch_numbered_pages calls while this frame
    // is suspended awaiting it, so the reference stays valid.
    std::optional<adapters::UpstreamError> refused;
    paging.page_count = [size = options_.page_size, &refused](const PageInfo& first) -> std::optional<std::int64_t> {
      if (first.total_num) refused = adapters::oversized_account(*first.total_num);
      if (refused) return 1;  // ask nothing more: the fetch fails below
      if (first.total_page) return *first.total_page;
      if (first.total_num) return adapters::pages_for(*first.total_num, size);
      return std::nullopt;
    };
    paging.items = [](const PageInfo& page) { return page.native_items; };
    auto pages = co_await adapters::fetch_numbered_pages(paging);
    if (!pages) co_return pages.error();
    if (refused) co_return *refused;
    adapters::RecordList records;
    for (auto& page : *pages) {
      for (auto& record : page.records) records.push_back(std::move(record));
    }
    co_return records;
  }

  TencentLiveOptions options_;
};

}  // namespace

std::unique_ptr<adapters::QuotaProvider> make_provider(TencentLiveOptions options) {
  return std::make_unique<TencentLiveProvider>(std::move(options));
}

}  // namespace qg::tencent_live

