#pragma once
// HTTP/1.1 response framing, written by hand: the status line and headers go into one string,
// the body is sent straight from the shared buffer (scatter-gather), so a response costs one
// small allocation whatever its size, where Beast's serializer would copy every header field.

#include <cstdint>
#include <string>
#include <string_view>

#include "gateway/http/response.hpp"

namespace qg::http {

// The status line and headers, ending with the blank line. HEAD and 304 keep the headers GET
// would send (Content-Length included) and no body; 204 sends neither.
// A streamed body is announced as chunked, or (`chunked` false: an HTTP/1.0 client, and the
// connection then closes) with no length at all.
std::string serialize_head(const Response& response, bool head_request, bool keep_alive, std::string_view date,
                           bool chunked = true);

// RFC 9110 IMF-fixdate for the Date header ("Sun, 06 Nov 1994 08:49:37 GMT"), cached per second.
std::string_view http_date(std::int64_t unix_seconds);

// "1a2b\r\n": what precedes a chunk of this many bytes (RFC 9112 §7.1); the chunk ends with CRLF
// and the body with a zero-size chunk, "0\r\n\r\n".
std::string chunk_head(std::size_t size);

// Whether the response carries body bytes on the wire.
bool sends_body(const Response& response, bool head_request);

}  // namespace qg::http
