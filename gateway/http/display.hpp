#pragma once
// What of a client's request may be shown, and how: in log lines, metric labels and problem
// details everything a client sent is untrusted. Pure.

#include <string>
#include <string_view>

namespace qg::http {

// Bytes outside printable ASCII (controls, DEL, and every non-ASCII byte, so no bidi override or
// C1 control survives) as %XX; the rest as is. Bounded to `max` bytes of output.
std::string printable(std::string_view text, std::size_t max = 2048);

// The target with the values of credential-looking query parameters (api_key, key, token,
// access_token, secret, password, signature, …) replaced by "***", then made printable.
std::string loggable_target(std::string_view target);

// A metric label for the request method from a closed set: GET, HEAD, POST, PUT, DELETE, PATCH,
// OPTIONS, or "other": a client cannot create label values.
std::string_view method_label(std::string_view method);

}  // namespace qg::http
