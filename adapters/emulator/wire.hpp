#pragma once
// What the emulated APIs see and answer: plain values, so each API's logic is a pure function
// of (request, state, now) and is unit-tested without sockets.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/common/http_types.hpp"

namespace qg::emulator {

struct WireRequest {
  std::string method;
  std::string target;  // as received
  std::string path;
  std::string query;   // after '?', as received
  adapters::HeaderList headers;
  std::string body;

  std::string_view header(std::string_view name) const;
  bool has_header(std::string_view name) const;
};

struct WireResponse {
  unsigned status = 200;
  adapters::HeaderList headers;
  std::string body;
  // Faults applied by the server when it writes the response.
  std::chrono::milliseconds latency{0};
  bool hang = false;      // never answer; wait until the client leaves or the server stops
  bool truncate = false;  // send half the body under the full Content-Length, then close
};

// Decoded query parameters in the order sent; '+' is a space (as the clouds' servers read it).
// nullopt when an escape is malformed.
std::optional<std::vector<std::pair<std::string, std::string>>> decode_query(std::string_view query);

// A fresh request id, upper-case UUID shape for Alibaba, lower-case for Tencent.
std::string new_request_id(bool upper_case);

WireResponse json_response(unsigned status, std::string body);

// The Unix time of "now" (overridable in tests through the APIs' own `now` arguments).
std::int64_t unix_now();

}  // namespace qg::emulator
