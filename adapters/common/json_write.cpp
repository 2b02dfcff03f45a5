#include "adapters/common/json_write.hpp"

#include <charconv>

#include "adapters/common/numbers.hpp"

namespace qg::adapters::json {
namespace {

template <typename Integer>
void append_integer(std::string& out, Integer i) {
  char buf[24];
  const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, i);
  out.append(buf, ptr);
}

}  // namespace

void append_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t plain = 0;  // the start of the run of bytes that need no escape
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.substr(plain, i - plain));
    plain = i + 1;
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default:
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(s.substr(plain));
  out.push_back('"');
}

void append(std::string& out, const boost::json::object& o) {
  out.push_back('{');
  bool first = true;
  for (const auto& [key, value] : o) {
    if (!first) out.push_back(',');
    first = false;
    append_string(out, key);
    out.push_back(':');
    append(out, value);
  }
  out.push_back('}');
}

void append(std::string& out, const boost::json::array& a) {
  out.push_back('[');
  bool first = true;
  for (const auto& value : a) {
    if (!first) out.push_back(',');
    first = false;
    append(out, value);
  }
  out.push_back(']');
}

void append(std::string& out, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: out.append("null"); break;
    case boost::json::kind::bool_: out.append(v.get_bool() ? "true" : "false"); break;
    case boost::json::kind::int64: append_integer(out, v.get_int64()); break;
    case boost::json::kind::uint64: append_integer(out, v.get_uint64()); break;
    case boost::json::kind::double_: {
      const std::size_t before = out.size();
      append_decimal(out, v.get_double());
      if (out.size() == before) out.append("null");  // inf and NaN have no JSON form
      break;
    }
    case boost::json::kind::string: append_string(out, v.get_string()); break;
    case boost::json::kind::array: append(out, v.get_array()); break;
    case boost::json::kind::object: append(out, v.get_object()); break;
  }
}

std::string serialize(const boost::json::value& v) {
  std::string out;
  append(out, v);
  return out;
}

std::string serialize(const boost::json::object& o) {
  std::string out;
  append(out, o);
  return out;
}

std::string serialize(const boost::json::array& a) {
  std::string out;
  append(out, a);
  return out;
}

}  // namespace qg::adapters::json
