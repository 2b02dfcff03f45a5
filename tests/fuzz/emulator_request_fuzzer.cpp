// The emulator's request path: raw HTTP/1.1 bytes parsed as its server parses them, then routing,
// TC3/ACS3 signature verification, parameter checks and paging of the three APIs. "Now" is taken
// from the request's own signing time when it has one, so signed seeds stay valid forever and the
// fuzzer can reach past verification.
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "adapters/common/time.hpp"
#include "adapters/emulator/core.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

namespace http = boost::beast::http;
using qg::emulator::WireRequest;

std::int64_t signing_time(const WireRequest& request) {
  const auto tc3 = request.header("X-TC-Timestamp");
  std::int64_t seconds = 0;
  if (!tc3.empty() && tc3.size() < 12) {
    for (const char c : tc3) {
      if (c < '0' || c > '9') return 1767225600;
      seconds = seconds * 10 + (c - '0');
    }
    return seconds;
  }
  if (auto acs = qg::adapters::parse_rfc3339(request.header("x-acs-date"))) return *acs;
  return 1767225600;  // 2026-01-01T00:00:00Z
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static qg::emulator::EmulatorCore core{[] {
    qg::emulator::EmulatorOptions options;
    options.data_epoch = 1767225600;  // a fixed dataset, so a crashing input reproduces on any day
    return options;
  }()};
  core.reset();  // no nonce or rate window carried from one input to the next

  http::request_parser<http::string_body> parser;
  parser.eager(true);
  parser.header_limit(16 * 1024);
  parser.body_limit(1024 * 1024);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec || !parser.is_done()) return 0;
  const auto& msg = parser.get();

  WireRequest request;
  request.method = std::string(msg.method_string());
  request.target = std::string(msg.target());
  qg::emulator::split_target(request);
  for (const auto& f : msg) request.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  request.body = msg.body();

  qg::emulator::Instant now;
  now.unix_seconds = signing_time(request);
  const auto response = core.handle(request, now);
  qg::fuzz::check(response.status >= 200 && response.status < 600, "a real HTTP status");
  return 0;
}
