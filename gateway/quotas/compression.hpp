#pragma once
// gzip for large responses, when the client accepts it (zlib from Debian).

#include <memory>
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

// One gzip member written piece by piece (a streamed export): memory stays at zlib's window.
class GzipStream {
 public:
  GzipStream();
  ~GzipStream();
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;

  bool ok() const { return !failed_; }
  // Compresses `data` and flushes, so the client can inflate what it has received so far; with
  // `last` the member ends. What comes out may be empty; after a zlib failure ok() is false.
  std::string write(std::string_view data, bool last);

 private:
  struct State;
  std::unique_ptr<State> state_;
  bool open_ = false;    // zlib's state is live
  bool failed_ = false;
};

// The ETag of the gzip representation: a strong validator must differ per content coding.
std::string gzip_etag(std::string_view etag);

}  // namespace qg::quotas
