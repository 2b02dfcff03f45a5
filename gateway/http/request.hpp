#pragma once
// The request as handlers see it: the parsed message plus what the front door derived from it.

#include <string>
#include <string_view>

#include <boost/beast/http/fields.hpp>
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
  std::string remote;       // client address
  base::SteadyTime received{};
  bool head = false;        // a HEAD request, served by the GET handler without a body

  std::string_view header(std::string_view name) const {
    if (fields == nullptr) return {};
    auto it = fields->find(name);
    return it == fields->end() ? std::string_view{} : std::string_view(it->value());
  }
};

}  // namespace qg::http
