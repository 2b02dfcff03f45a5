#include "openapi/spec.hpp"

#include <boost/json/serialize.hpp>

#include "openapi/yaml_to_json.hpp"

namespace qg::openapi {

extern const std::string_view kOpenApiYaml;
extern const std::string_view kDocsIndexHtml;
extern const std::string_view kDocsInitJs;

std::string_view docs_index_html() { return kDocsIndexHtml; }
std::string_view docs_init_js() { return kDocsInitJs; }
std::string_view default_docs_assets_dir() { return QG_DOCS_ASSETS_DIR; }

std::string_view spec_yaml() { return kOpenApiYaml; }

const std::string& spec_json() {
  static const std::string json = boost::json::serialize(yaml_to_json(kOpenApiYaml));
  return json;
}

}  // namespace qg::openapi
