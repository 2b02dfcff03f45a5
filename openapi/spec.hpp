#pragma once
// The OpenAPI document, embedded at build time from openapi/openapi.yaml.

#include <string>
#include <string_view>

namespace qg::openapi {

std::string_view spec_yaml();
// The same document as JSON, converted once (thread-safe lazy initialisation).
const std::string& spec_json();

// The /docs page and its initializer (ours, embedded).
std::string_view docs_index_html();
std::string_view docs_init_js();
// Where the build installed swagger-ui-dist.
std::string_view default_docs_assets_dir();

}  // namespace qg::openapi
