#pragma once
// Plain HTTP request/response values exchanged between adapters and the HTTPS client, so that
// adapters build and read HTTP without knowing about sockets.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/system/result.hpp>

namespace qg::adapters {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Where an account's API lives: "https://live.tencentcloudapi.com" or an emulator's "http://127.0.0.1:8091".
struct Endpoint {
  bool tls = true;
  std::string host;  // name or IP literal, no brackets
  std::uint16_t port = 443;
  std::string ca_file;  // extra trust anchor for this endpoint (a private CA); empty: the system store

  // The Host header value: the host, plus the port when it is not the scheme's default.
  std::string host_header() const;
  std::string origin() const;  // "https://host[:port]"
  // Connections to endpoints with equal keys may be shared.
  std::string pool_key() const;
};

// Accepts "http://host[:port][/]" and "https://host[:port][/]"; anything else is an error message.
boost::system::result<Endpoint, std::string> parse_endpoint(std::string_view url);

struct HttpRequest {
  std::string method = "GET";
  std::string target = "/";  // path and query, already encoded
  HeaderList headers;        // Host and User-Agent are added by the client unless present
  std::string body;
};

struct HttpResponse {
  unsigned status = 0;
  HeaderList headers;
  std::string body;

  // Case-insensitive lookup; empty when absent.
  std::string_view header(std::string_view name) const;
};

bool iequals(std::string_view a, std::string_view b);

// The URL with any user info ("user:password@") replaced by "***@": for every log line and
// error message that shows a configured URL (endpoints, redis.url).
std::string redact_url(std::string_view url);

// 127.0.0.0/8, ::1 or "localhost": plain HTTP is acceptable only to such hosts by default.
bool is_loopback_host(std::string_view host);

}  // namespace qg::adapters
