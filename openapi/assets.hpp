#pragma once
// The files of the pages the gateway serves itself, embedded at build time: /docs (our page and
// Swagger UI's files) and /ui (the dashboard).

#include <span>
#include <string_view>

namespace qg::openapi {

struct Asset {
  std::string_view path;          // under the route's prefix: "index.html", "app.js", "swagger-ui.css"
  std::string_view content_type;
  std::string_view bytes;         // empty: not built (Swagger UI without npm)
};

std::span<const Asset> docs_assets();
std::span<const Asset> ui_assets();

}  // namespace qg::openapi
