#include "gateway/quotas/compression.hpp"

#include <cstdlib>

#include <zlib.h>

#include "adapters/common/numbers.hpp"

namespace qg::quotas {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool accepts_gzip(std::string_view header) {
  const std::string h = lower(header);
  std::optional<double> gzip_q, star_q;
  std::size_t pos = 0;
  while (pos <= h.size()) {
    const auto comma = h.find(',', pos);
    std::string item = h.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    pos = comma == std::string::npos ? h.size() + 1 : comma + 1;
    double q = 1.0;
    if (const auto semi = item.find(';'); semi != std::string::npos) {
      const auto qpos = item.find("q=", semi);
      if (qpos != std::string::npos) {
        std::string_view text(item);
        text = text.substr(qpos + 2);
        while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
        q = adapters::parse_decimal(text).value_or(0);
      }
      item.resize(semi);
    }
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (item == "gzip" || item == "x-gzip") gzip_q = q;
    if (item == "*") star_q = q;
  }
  if (gzip_q) return *gzip_q > 0;
  return star_q.value_or(0) > 0;
}

std::optional<std::string> gzip(std::string_view data) {
  z_stream zs{};
  // 15 + 16: a gzip wrapper; level 6, zlib's default balance of speed and size.
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  const auto written = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  out.resize(written);
  return out;
}

struct GzipStream::State {
  z_stream zs{};
};

GzipStream::GzipStream() : state_(std::make_unique<State>()) {
  open_ = deflateInit2(&state_->zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
  failed_ = !open_;
}

GzipStream::~GzipStream() {
  if (open_) deflateEnd(&state_->zs);
}

std::string GzipStream::write(std::string_view data, bool last) {
  std::string out;
  if (!open_) return out;
  auto& zs = state_->zs;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  const int flush = last ? Z_FINISH : Z_SYNC_FLUSH;
  char buffer[16 * 1024];
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof buffer;
    const int rc = deflate(&zs, flush);
    if (rc == Z_STREAM_ERROR) {
      deflateEnd(&zs);
      open_ = false;
      failed_ = true;
      return {};
    }
    out.append(buffer, sizeof buffer - zs.avail_out);
    if (last ? rc == Z_STREAM_END : zs.avail_out != 0) break;
  }
  if (last) {
    deflateEnd(&zs);
    open_ = false;  // the member is complete; nothing more may be written
  }
  return out;
}

std::string gzip_etag(std::string_view etag) {
  if (etag.size() >= 2 && etag.back() == '"') return std::string(etag.substr(0, etag.size() - 1)) + "-gzip\"";
  return std::string(etag);
}

}  // namespace qg::quotas
