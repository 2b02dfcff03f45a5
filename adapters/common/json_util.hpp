#pragma once
// Defensive readers for provider JSON: a missing field, a wrong type or a number that does not
// fit int64 reads as "absent" instead of throwing, so a surprising body never crashes a mapper.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

namespace qg::adapters::json {

// Parses a whole body; trailing garbage and truncation are errors.
boost::system::result<boost::json::value> parse(std::string_view body);

const boost::json::value* find(const boost::json::object& o, std::string_view key);
const boost::json::object* get_object(const boost::json::object& o, std::string_view key);
const boost::json::array* get_array(const boost::json::object& o, std::string_view key);

// Integers: int64, uint64 within range, integral doubles, and decimal strings ("281975").
std::optional<std::int64_t> get_int(const boost::json::object& o, std::string_view key);
std::optional<std::int64_t> as_int(const boost::json::value& v);
// Strings only; numbers are rendered in decimal so an id sent as 281975 or "281975" reads the same.
std::optional<std::string> get_string(const boost::json::object& o, std::string_view key);
std::optional<bool> get_bool(const boost::json::object& o, std::string_view key);

}  // namespace qg::adapters::json
