#include "adapters/common/json_util.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include <boost/json/parse.hpp>

namespace qg::adapters::json {

boost::system::result<boost::json::value> parse(std::string_view body) {
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 64;
  boost::json::value v = boost::json::parse(body, ec, {}, options);
  if (ec) return ec;
  return v;
}

const boost::json::value* find(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it == o.end() ? nullptr : &it->value();
}

const boost::json::object* get_object(const boost::json::object& o, std::string_view key) {
  const auto* v = find(o, key);
  return v ? v->if_object() : nullptr;
}

const boost::json::array* get_array(const boost::json::object& o, std::string_view key) {
  const auto* v = find(o, key);
  return v ? v->if_array() : nullptr;
}

std::optional<std::int64_t> as_int(const boost::json::value& v) {
  if (const auto* i = v.if_int64()) return *i;
  if (const auto* u = v.if_uint64()) {
    if (*u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return static_cast<std::int64_t>(*u);
    }
    return std::nullopt;
  }
  if (const auto* d = v.if_double()) {
    // 2^63 exactly is out of range; anything below it with no fraction converts exactly.
    if (std::isfinite(*d) && std::trunc(*d) == *d && std::fabs(*d) < 9.2233720368547758e18) {
      return static_cast<std::int64_t>(*d);
    }
    return std::nullopt;
  }
  if (const auto* s = v.if_string()) {
    std::int64_t out = 0;
    const char* first = s->data();
    const char* last = s->data() + s->size();
    auto [ptr, ec] = std::from_chars(first, last, out);
    if (ec == std::errc() && ptr == last && first != last) return out;
  }
  return std::nullopt;
}

std::optional<std::int64_t> get_int(const boost::json::object& o, std::string_view key) {
  const auto* v = find(o, key);
  return v ? as_int(*v) : std::nullopt;
}

std::optional<std::string> get_string(const boost::json::object& o, std::string_view key) {
  const auto* v = find(o, key);
  if (!v) return std::nullopt;
  if (const auto* s = v->if_string()) return std::string(s->data(), s->size());
  if (v->is_int64()) return std::to_string(v->get_int64());
  if (v->is_uint64()) return std::to_string(v->get_uint64());
  return std::nullopt;
}

std::optional<bool> get_bool(const boost::json::object& o, std::string_view key) {
  const auto* v = find(o, key);
  if (!v) return std::nullopt;
  if (const auto* b = v->if_bool()) return *b;
  if (const auto* s = v->if_string()) {
    if (*s == "true") return true;
    if (*s == "false") return false;
  }
  return std::nullopt;
}

}  // namespace qg::adapters::json
