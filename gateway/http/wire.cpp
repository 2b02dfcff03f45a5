#include "gateway/http/wire.hpp"

#include <array>
#include <cstdio>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/status.hpp>

#include "adapters/common/time.hpp"

namespace qg::http {

namespace {

// RFC 9110 §15.4.5: a 304 carries what a cache needs to update the response it stored (ETag,
// Cache-Control, Vary, Date, ...), not the metadata of a representation it does not send.
bool representation_metadata(std::string_view name) {
  for (const std::string_view field : {"Content-Type", "Content-Encoding", "Content-Language", "Content-Disposition"}) {
    if (boost::beast::iequals(name, field)) return true;
  }
  return false;
}

}  // namespace

bool sends_body(const Response& response, bool head_request) {
  return !head_request && response.status != 204 && response.status != 304 &&
         (response.stream || response.body_size() > 0);
}

std::string chunk_head(std::size_t size) {
  char buf[24];
  const int n = std::snprintf(buf, sizeof buf, "%zx\r\n", size);
  return std::string(buf, static_cast<std::size_t>(n));
}

std::string serialize_head(const Response& r, bool head_request, bool keep_alive, std::string_view date,
                           bool chunked) {
  const auto reason = boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(r.status));
  std::string out;
  std::size_t size = 96 + reason.size() + date.size();
  for (const auto& [k, v] : r.headers) size += k.size() + v.size() + 4;
  out.reserve(size);
  out.append("HTTP/1.1 ").append(std::to_string(r.status)).append(" ").append(reason.data(), reason.size()).append("\r\n");
  out.append("Date: ").append(date).append("\r\nServer: quota-gateway\r\n");
  for (const auto& [k, v] : r.headers) {
    if (r.status == 304 && representation_metadata(k)) continue;
    out.append(k).append(": ").append(v).append("\r\n");
  }
  if (r.stream) {
    // Without chunked coding (an HTTP/1.0 client) the end of the connection ends the body.
    if (chunked && r.status != 204 && r.status != 304) out.append("Transfer-Encoding: chunked\r\n");
  } else if (r.status != 204) {
    const std::size_t length = r.body_size();
    // HEAD and 304 describe the representation GET would send.
    if (!(r.status == 304 && length == 0)) out.append("Content-Length: ").append(std::to_string(length)).append("\r\n");
  }
  if (!keep_alive) out.append("Connection: close\r\n");
  out.append("\r\n");
  (void)head_request;
  return out;
}

std::string_view http_date(std::int64_t unix_seconds) {
  thread_local std::int64_t cached_second = -1;
  thread_local std::string cached;
  if (unix_seconds != cached_second) {
    static constexpr std::array<const char*, 7> kDays{"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::string iso = adapters::format_rfc3339_utc(unix_seconds);  // 2026-11-22T16:55:00Z
    const std::int64_t days = unix_seconds >= 0 ? unix_seconds / 86400 : (unix_seconds - 86399) / 86400;
    const auto weekday = static_cast<std::size_t>(((days % 7) + 7) % 7);  // 1970-01-01 was a Thursday
    const int month = std::stoi(iso.substr(5, 2));
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %s %s %s %s GMT", kDays[weekday], iso.substr(8, 2).c_str(),
                  kMonths[static_cast<std::size_t>(month - 1)], iso.substr(0, 4).c_str(), iso.substr(11, 8).c_str());
    cached = buf;
    cached_second = unix_seconds;
  }
  return cached;
}

}  // namespace qg::http
