#include "adapters/alibaba_ice/provider.hpp"

#include "adapters/alibaba_ice/errors.hpp"
#include "adapters/alibaba_ice/mapping.hpp"
#include "adapters/common/paging.hpp"

namespace qg::alibaba_ice {
namespace {

namespace net = boost::asio;

class IceProvider final : public adapters::QuotaProvider {
 public:
  explicit IceProvider(IceOptions options) : options_(std::move(options)) {}

  std::string_view provider() const override { return kProvider; }
  const std::string& account() const override { return options_.account; }
  const adapters::Endpoint& endpoint() const override { return options_.endpoint; }

  net::awaitable<adapters::FetchResult> fetch_all(adapters::UpstreamCaller& caller) override {
    adapters::NumberedPaging<PageInfo> paging;
    paging.page_size = options_.page_size;
    paging.fetch_page = [this, &caller](std::int64_t n) { return fetch_page(caller, n); };
    paging.page_count = [size = options_.page_size](const PageInfo& first) -> std::optional<std::int64_t> {
      if (first.total_count) return adapters::pages_for(*first.total_count, size);
      return std::nullopt;
    };
    paging.items = [](const PageInfo& p) { return p.native_items; };
    auto pages = co_await adapters::fetch_numbered_pages(paging);
    if (!pages) co_return pages.error();
    adapters::RecordList records;
    for (auto& page : *pages) {
      for (auto& r : page.records) records.push_back(std::move(r));
    }
    co_return records;
  }

 private:
  net::awaitable<adapters::PageResult<PageInfo>> fetch_page(adapters::UpstreamCaller& caller, std::int64_t page_no) {
    adapters::UpstreamCall call;
    call.operation = kAction;
    call.build = [this, page_no](const adapters::AttemptContext& attempt) {
      return build_request(options_, page_no, attempt);
    };
    call.decode = decode_response;
    auto body = co_await caller.call(call);
    if (!body) co_return body.error();
    co_return map_page(body->as_object(), options_.account);
  }

  IceOptions options_;
};

}  // namespace

std::unique_ptr<adapters::QuotaProvider> make_provider(IceOptions options) {
  return std::make_unique<IceProvider>(std::move(options));
}

}  // namespace qg::alibaba_ice
