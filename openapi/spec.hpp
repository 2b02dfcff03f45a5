#pragma once
// The OpenAPI document, embedded at build time from openapi/openapi.yaml.

#include <string>
#include <string_view>

namespace qg::openapi {

std::string_view spec_yaml();
// The same document as JSON, converted once (thread-safe lazy initialisation).
const std::string& spec_json();

}  // namespace qg::openapi
