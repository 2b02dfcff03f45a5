#include "openapi/assets.hpp"

#include <array>

namespace qg::openapi {

extern const std::string_view kDocsIndexHtml, kDocsInitJs, kSwaggerAsset0, kSwaggerAsset1, kSwaggerAsset2;
extern const std::string_view kUiIndexHtml, kUiAppJs, kUiApiJs, kUiChartJs, kUiFormatJs, kUiPoolsJs, kUiAppCss;

std::span<const Asset> docs_assets() {
  // The order of the swagger files is openapi/CMakeLists.txt's QG_SWAGGER_FILES.
  static const std::array<Asset, 5> assets{{
      {"index.html", "text/html; charset=utf-8", kDocsIndexHtml},
      {"init.js", "text/javascript", kDocsInitJs},
      {"swagger-ui-bundle.js", "text/javascript", kSwaggerAsset0},
      {"swagger-ui.css", "text/css", kSwaggerAsset1},
      {"favicon-32x32.png", "image/png", kSwaggerAsset2},
  }};
  return assets;
}

std::span<const Asset> ui_assets() {
  static const std::array<Asset, 7> assets{{
      {"index.html", "text/html; charset=utf-8", kUiIndexHtml},
      {"app.js", "text/javascript", kUiAppJs},
      {"api.js", "text/javascript", kUiApiJs},
      {"chart.js", "text/javascript", kUiChartJs},
      {"format.js", "text/javascript", kUiFormatJs},
      {"pools.js", "text/javascript", kUiPoolsJs},
      {"app.css", "text/css", kUiAppCss},
  }};
  return assets;
}

}  // namespace qg::openapi
