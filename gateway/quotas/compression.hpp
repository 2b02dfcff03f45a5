#pragma once
// gzip for large responses, when the client accepts it (zlib from Debian).

#include <optional>
#include <string>
#include <string_view>

namespace qg::quotas {

// Below this a compressed answer saves less than its CPU costs.
inline constexpr std::size_t kGzipMinBytes = 1024;

// Whether Accept-Encoding allows gzip (q > 0; "*" counts unless gzip is refused explicitly).
bool accepts_gzip(std::string_view accept_encoding);

// The gzip member for `data`; nullopt only if zlib fails (then send it uncompressed).
std::optional<std::string> gzip(std::string_view data);

// The ETag of the gzip representation: a strong validator must differ per content coding.
std::string gzip_etag(std::string_view etag);

}  // namespace qg::quotas
