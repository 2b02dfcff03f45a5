#pragma once
// YAML → JSON with YAML 1.2 core-schema typing: plain scalars become null, booleans, integers
// or floats when they look like one; quoted scalars stay strings.

#include <string_view>

#include <boost/json/value.hpp>

namespace qg::openapi {

// Throws std::runtime_error on invalid YAML (the embedded spec is checked by tests).
boost::json::value yaml_to_json(std::string_view yaml);

}  // namespace qg::openapi
