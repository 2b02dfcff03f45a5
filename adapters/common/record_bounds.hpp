#pragma once
// How much one fetch may bring: a page of more items than any API here serves, or an account of
// more records than any real one holds, is refused as a bad response (code TooManyRecords)
// before it is mapped, so one hostile or broken reply cannot cost seconds of CPU or unbounded
// memory. Pure.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "adapters/common/upstream_error.hpp"

namespace qg::adapters {

// No API here serves pages of more than 1,000 items (the largest page_size accepted), so a page
// carrying more is not mapped at all: one hostile reply cannot cost seconds of CPU.
inline constexpr std::size_t kMaxItemsPerPage = 1'000;
// Far past any real account (the benchmark's large tenant holds about 1,100 records per account).
inline constexpr std::int64_t kMaxRecordsPerAccount = 100'000;

inline UpstreamError too_many_records(std::string message) {
  auto e = make_error(ErrorKind::kBadResponse, std::move(message));
  e.code = "TooManyRecords";
  return e;
}

// The refusal of a page with more than kMaxItemsPerPage items (checked before mapping it).
inline std::optional<UpstreamError> oversized_page(std::size_t items) {
  if (items <= kMaxItemsPerPage) return std::nullopt;
  return too_many_records("a page of " + std::to_string(items) + " items, more than the " +
                          std::to_string(kMaxItemsPerPage) + " the gateway reads from one page");
}

// The refusal of an account with more than kMaxRecordsPerAccount records (a total it announced,
// or what its pages carried).
inline std::optional<UpstreamError> oversized_account(std::int64_t records) {
  if (records <= kMaxRecordsPerAccount) return std::nullopt;
  return too_many_records(std::to_string(records) + " records in one account, more than the " +
                          std::to_string(kMaxRecordsPerAccount) + " the gateway holds per account");
}

}  // namespace qg::adapters
