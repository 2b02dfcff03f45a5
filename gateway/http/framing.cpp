#include "gateway/http/framing.hpp"
#include "adapters/common/text.hpp"

#include <string_view>
#include <vector>

#include "adapters/common/http_types.hpp"

namespace qg::http {
namespace {

namespace beast_http = boost::beast::http;

// Every coding named by every Transfer-Encoding field line, in order.
std::vector<std::string_view> codings(const beast_http::fields& fields) {
  std::vector<std::string_view> out;
  for (const auto& field : fields) {
    if (field.name() != beast_http::field::transfer_encoding) continue;
    std::string_view value = field.value();
    std::size_t pos = 0;
    while (pos <= value.size()) {
      const auto comma = value.find(',', pos);
      out.push_back(adapters::trim_ows(value.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos)));
      if (comma == std::string_view::npos) break;
      pos = comma + 1;
    }
  }
  return out;
}

std::size_t count(const beast_http::fields& fields, beast_http::field name) {
  std::size_t n = 0;
  for (const auto& field : fields) n += field.name() == name ? 1 : 0;
  return n;
}

}  // namespace

FramingVerdict check_framing(const beast_http::fields& fields, unsigned version) {
  FramingVerdict verdict;
  const std::size_t hosts = count(fields, beast_http::field::host);
  if (hosts > 1) {
    verdict.problem = "the request has more than one Host header";
    return verdict;
  }
  if (hosts == 0 && version >= 11) {
    verdict.problem = "an HTTP/1.1 request needs a Host header";
    return verdict;
  }
  const auto te = codings(fields);
  if (te.empty()) return verdict;
  // The only coding a request may use here is a single, final chunked.
  if (te.size() != 1 || !adapters::iequals(te.front(), "chunked")) {
    verdict.problem = "Transfer-Encoding must be exactly 'chunked' (RFC 9112 section 6.1)";
    return verdict;
  }
  if (count(fields, beast_http::field::content_length) > 0) {
    verdict.problem = "a request must not carry both Transfer-Encoding and Content-Length";
    return verdict;
  }
  // An HTTP/1.0 peer may not understand chunked framing: never reuse the connection.
  verdict.close_after = version < 11;
  return verdict;
}

}  // namespace qg::http
