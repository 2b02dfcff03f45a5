#pragma once
// The request as handlers see it: the parsed message plus what the front door derived from it.

#include <string>
#include <string_view>

#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>

#include "gateway/base/clock.hpp"

namespace qg::http {

struct Request {
  boost::beast::http::verb method = boost::beast::http::verb::get;
  std::string_view method_string;
  std::string_view target;  // as received: path and query, still percent-encoded
  std::string_view path;
  std::string_view query;   // after '?', without it
  const boost::beast::http::fields* fields = nullptr;
  std::string request_id;   // validated X-Request-Id or a generated one
  std::string traceparent;  // W3C trace context, when valid
  std::string remote;       // the connected peer's address
  // Set by the front door: the client's address (through trusted proxies, the forwarded one),
  // the path prefix links must carry (link_prefix: the proxy's X-Forwarded-Prefix + base_path), and the
  // identity client limits count against ("key:<digest>", else "addr:<client>").
  std::string client;
  std::string prefix;
  std::string client_id;
  base::SteadyTime received{};
  bool head = false;        // a HEAD request, served by the GET handler without a body
  std::string path_param;   // what stood for {id} in the route's path, percent-decoded

  std::string_view header(std::string_view name) const {
    if (fields == nullptr) return {};
    auto it = fields->find(name);
    return it == fields->end() ? std::string_view{} : std::string_view(it->value());
  }

  // Every field line of a list header, in order, joined with ", " (RFC 9110 §5.3).
  std::string header_lines(std::string_view name) const {
    std::string out;
    if (fields == nullptr) return out;
    for (auto [it, end] = fields->equal_range(name); it != end; ++it) {
      if (!out.empty()) out += ", ";
      out += std::string_view(it->value());
    }
    return out;
  }
};

// Points the request at a parsed message (method, target split into path and query, headers);
// the message must outlive the request.
inline void bind_message(Request& request,
                         const boost::beast::http::request<boost::beast::http::string_body>& message) {
  request.method = message.method();
  request.method_string = message.method_string();
  request.target = message.target();
  const auto q = request.target.find('?');
  request.path = request.target.substr(0, q);
  request.query = q == std::string_view::npos ? std::string_view{} : request.target.substr(q + 1);
  request.fields = &message.base();
  request.head = message.method() == boost::beast::http::verb::head;
}

}  // namespace qg::http
