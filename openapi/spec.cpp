#include "openapi/spec.hpp"

#include <boost/json/serialize.hpp>

#include "openapi/yaml_to_json.hpp"

namespace qg::openapi {

extern const std::string_view kOpenApiYaml;

std::string_view spec_yaml() { return kOpenApiYaml; }

const std::string& spec_json() {
  static const std::string json = boost::json::serialize(yaml_to_json(kOpenApiYaml));
  return json;
}

}  // namespace qg::openapi
