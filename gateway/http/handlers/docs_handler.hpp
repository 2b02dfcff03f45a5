#pragma once
// /docs: Swagger UI served by the gateway itself, so the page works with no internet access and
// nothing on it reaches outside this origin (a Content-Security-Policy says so to the browser).

#include <string>

#include "gateway/http/router.hpp"

namespace qg::http {

// Registers /docs and its assets. Swagger UI's files are read once from `assets_dir` (the
// swagger-ui-dist package); when they are missing the routes answer 503 saying so.
void add_docs_routes(Router& router, const std::string& assets_dir);

}  // namespace qg::http
