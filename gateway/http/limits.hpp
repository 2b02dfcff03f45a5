#pragma once
// What one client connection may cost the server: the one home of these defaults. Pure.

#include <chrono>
#include <cstddef>

namespace qg::http {

struct ServerLimits {
  std::chrono::milliseconds read_timeout{30000};  // a whole request (headers + body), and an idle keep-alive
  std::chrono::milliseconds write_timeout{30000};
  std::size_t max_header_bytes = 16 * 1024;  // request line + headers → 431 beyond
  std::size_t max_body_bytes = 64 * 1024;    // → 413 beyond (no route takes a body)
  std::size_t max_connections = 10000;
  bool operator==(const ServerLimits&) const = default;
};

}  // namespace qg::http
