#pragma once
// Whether a request's head may be trusted to frame its body (RFC 9112 §6.1, §6.3, §3.2). Checked
// after the header is read and before any body byte is: a Transfer-Encoding that is not exactly a
// final "chunked", Transfer-Encoding together with Content-Length, or a missing or repeated Host
// lets an intermediary and this server disagree on where the next request starts (request
// smuggling), so such a request is refused and its connection closed.

#include <optional>
#include <string>

#include <boost/beast/http/fields.hpp>

namespace qg::http {

struct FramingVerdict {
  std::optional<std::string> problem;  // set: answer 400 with this detail and close
  bool close_after = false;            // answer, then close (Transfer-Encoding on HTTP/1.0)
};

// `version` as Beast reports it: 10 or 11.
FramingVerdict check_framing(const boost::beast::http::fields& fields, unsigned version);

}  // namespace qg::http
