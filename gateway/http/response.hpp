#pragma once
// What a handler returns: status, headers and a shared, immutable body. The session writes the
// body straight from the shared buffer, so a pre-rendered cached response goes out without a copy.

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qg::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;
using BodyPtr = std::shared_ptr<const std::string>;

struct Response {
  unsigned status = 200;
  HeaderList headers;  // Content-Type goes here too
  BodyPtr body;        // null: empty body
  std::array<BodyPtr, 2> more_body;  // sent right after `body` (an answer rendered in parts)
  // A body of unknown length (an export), sent chunked: each call appends the next piece to its
  // argument and returns false when there is nothing more. Replaces `body` when set.
  std::function<bool(std::string&)> stream;
  std::chrono::milliseconds stream_deadline{0};  // the whole stream's (each write also has its own); 0: none
  bool close = false;  // close the connection after this response
  std::string log_summary;  // appended to the access log line; never sent

  Response& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  std::string_view find_header(std::string_view name) const;
  void set_header(std::string_view name, std::string value);  // replaces or appends
  std::size_t body_size() const;
};

Response text_response(unsigned status, std::string content_type, std::string body);
BodyPtr make_body(std::string text);

// The sealed file (body::seal) that holds the whole body, for sendfile; -1 when the body is
// plain, absent, in parts, or streamed.
int sealed_body(const Response& response);

}  // namespace qg::http
