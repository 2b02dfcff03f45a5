#pragma once
// JSON as the gateway prints it: Boost.JSON's values written out with numbers as people write
// them (append_decimal: `0.99`, `1`, `0`, where boost::json::serialize writes `9.9E-1`, `1E0`,
// `0E0`). Every JSON and NDJSON body the gateway sends goes through here. Pure.

#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace qg::adapters::json {

void append(std::string& out, const boost::json::value& v);
void append(std::string& out, const boost::json::object& o);
void append(std::string& out, const boost::json::array& a);
// A JSON string literal: quotes, and escapes for `"`, `\` and the control characters.
void append_string(std::string& out, std::string_view s);

std::string serialize(const boost::json::value& v);
std::string serialize(const boost::json::object& o);
std::string serialize(const boost::json::array& a);

}  // namespace qg::adapters::json
