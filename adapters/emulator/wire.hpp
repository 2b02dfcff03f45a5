#pragma once
// What the emulated APIs see and answer: plain values, so each API is a pure function of
// (request, data, now) and is unit-tested without sockets.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/common/http_types.hpp"

namespace qg::emulator {

using Params = std::vector<std::pair<std::string, std::string>>;

struct WireRequest {
  std::string method;
  std::string target;  // as received
  std::string path;    // the target's path; an absolute-form target ("http://h/p?q") is reduced to it
  std::string query;   // after '?', as received
  adapters::HeaderList headers;
  std::string body;

  // Case-insensitive; the first occurrence; empty when absent.
  std::string_view header(std::string_view name) const;
  bool has_header(std::string_view name) const;
};

// Splits `target` into path and query (WireRequest::path/query rules).
void split_target(WireRequest& request);

struct WireResponse {
  unsigned status = 200;
  adapters::HeaderList headers;
  std::string body;
  // The cloud's error code carried in the body ("" for a data answer), for the statistics.
  std::string error_code;
  // Transport faults the server applies when it writes the answer.
  std::chrono::milliseconds latency{0};
  bool hang = false;        // never answer; wait until the client leaves or the server stops
  bool disconnect = false;  // send the head and half the body under the full Content-Length, then close
};

// One moment, on both clocks: signatures are checked against wall time, rate windows against
// steady time. Injected, so tests never sleep.
struct Instant {
  std::int64_t unix_seconds = 0;
  std::chrono::steady_clock::time_point steady{};
  std::int64_t unix_ms = 0;  // finer wall time for steady usage burns; 0: unix_seconds is all there is

  std::int64_t wall_ms() const { return unix_ms != 0 ? unix_ms : unix_seconds * 1000; }

  static Instant now();
};

// Decoded query parameters in the order sent; '+' is a space (as the clouds' servers read a
// query). nullopt when an escape is malformed.
std::optional<Params> decode_query(std::string_view query);
// The first value of `name`, if present.
const std::string* find_param(const Params& params, std::string_view name);

// A whole decimal integer ("12", "-3"); nullopt for anything else ("", "1.5", "12a").
std::optional<std::int64_t> parse_int(std::string_view text);

// A fresh random request id in UUID shape: upper-case for Alibaba, lower-case for Tencent.
std::string new_request_id(bool upper_case);

WireResponse json_response(unsigned status, std::string body);

std::int64_t unix_now();

}  // namespace qg::emulator
