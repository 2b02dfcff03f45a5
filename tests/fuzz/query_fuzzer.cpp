// GET /quotas query strings: parsing and validation, then the whole pure answer path (filter,
// sort, page, JSON and CSV rendering) over a fixed record set.
#include <vector>

#include "gateway/quotas/merge.hpp"
#include "gateway/quotas/query.hpp"
#include "gateway/quotas/render.hpp"
#include "tests/fuzz/fuzz_support.hpp"
#include "tests/fuzz/sample_records.hpp"


extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto records = qg::fuzz::sample_records();
  qg::quotas::QueryContext context;
  context.now_unix = 1795000000;
  static const std::vector<std::string> accounts{"live", "rtc", "aic"};
  context.accounts = accounts;
  auto query = qg::quotas::parse_quota_query(qg::fuzz::as_text(data, size), context);
  if (!query) {
    qg::fuzz::check(!query.error().empty(), "a rejected query names at least one parameter");
    return 0;
  }
  std::vector<qg::quotas::RecordRef> candidates;
  for (const auto& r : records) candidates.push_back({&r, nullptr});
  auto page = qg::quotas::select_page(std::move(candidates), *query, "fuzz-key");
  if (!page) return 0;
  qg::fuzz::check(page->items.size() <= page->total_items, "a page holds no more than what matched");
  std::vector<qg::quotas::SourceReport> sources;
  const std::string json = qg::quotas::render_json(*page, sources, *query);
  qg::fuzz::check(!json.empty() && json.front() == '{', "JSON answers are objects");
  (void)qg::quotas::render_csv(*page, *query);
  return 0;
}
