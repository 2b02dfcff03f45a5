#include "gateway/http/response.hpp"

#include "adapters/common/http_types.hpp"
#include "gateway/body/sealed.hpp"

namespace qg::http {

std::string_view Response::find_header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (adapters::iequals(k, name)) return v;
  }
  return {};
}

void Response::set_header(std::string_view name, std::string value) {
  for (auto& [k, v] : headers) {
    if (adapters::iequals(k, name)) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::string(name), std::move(value));
}

std::size_t Response::body_size() const {
  std::size_t n = body ? body->size() : 0;
  for (const auto& part : more_body) n += part ? part->size() : 0;
  return n;
}

int sealed_body(const Response& r) {
  if (r.stream || r.more_body[0] || r.more_body[1]) return -1;
  return body::sealed_fd(r.body);
}

BodyPtr make_body(std::string text) { return std::make_shared<const std::string>(std::move(text)); }

Response text_response(unsigned status, std::string content_type, std::string body) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", std::move(content_type));
  r.body = make_body(std::move(body));
  return r;
}

}  // namespace qg::http
