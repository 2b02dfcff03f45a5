#include "adapters/credentials/provider.hpp"

#include <utility>

#include "adapters/common/time.hpp"

namespace qg::credentials {

StaticProvider::StaticProvider(Credentials credentials) : credentials_(std::move(credentials)) {
  if (credentials_.source.empty()) credentials_.source = "static";
}

boost::asio::awaitable<CredentialsResult> StaticProvider::get(std::int64_t now_unix,
                                                              std::chrono::steady_clock::time_point) {
  if (is_expired(credentials_, now_unix)) {
    co_return adapters::make_error(adapters::ErrorKind::kAuth,
                                   "the fixed STS token from " + credentials_.source + " expired at " +
                                       adapters::format_rfc3339_utc(*credentials_.expires_at));
  }
  co_return credentials_;
}

std::string StaticProvider::describe() const {
  return credentials_.source;
}

UnavailableProvider::UnavailableProvider(std::string reason) : reason_(std::move(reason)) {}

boost::asio::awaitable<CredentialsResult> UnavailableProvider::get(std::int64_t,
                                                                   std::chrono::steady_clock::time_point) {
  co_return adapters::make_error(adapters::ErrorKind::kAuth, "no usable credential: " + reason_);
}

std::string UnavailableProvider::describe() const {
  return "none (" + reason_ + ")";
}

}  // namespace qg::credentials
