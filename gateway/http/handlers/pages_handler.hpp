#pragma once
// The pages the gateway serves itself, public like the OpenAPI document: /docs (Swagger UI over
// /openapi.json) and /ui (the dashboard), from files embedded at build time, under a strict
// Content-Security-Policy: nothing is loaded from anywhere but this gateway.

#include <string>

#include "gateway/http/router.hpp"

namespace qg::http {

// `docs_dir`: swagger-ui-dist read from disk instead of the embedded copy; empty: embedded.
void add_page_routes(Router& router, const std::string& docs_dir);

}  // namespace qg::http
