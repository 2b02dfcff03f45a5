#pragma once
// The tests' one gzip decoder (zlib; the target links ZLIB::ZLIB): the whole member, any size.
// Throws when the input is not one complete gzip stream, which fails the test that asked.

#include <stdexcept>
#include <string>
#include <string_view>

#include <zlib.h>

namespace qg::test {

inline std::string gunzip(std::string_view data) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) throw std::runtime_error("inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[65536];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("not one complete gzip stream");
  return out;
}

}  // namespace qg::test
