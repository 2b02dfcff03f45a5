#include "adapters/common/signing/crypto.hpp"
#include "adapters/common/text.hpp"
#include "gateway/quotas/render.hpp"

namespace qg::quotas {
namespace {

std::string_view opaque(std::string_view tag) { return tag.starts_with("W/") ? tag.substr(2) : tag; }

}  // namespace

std::string strong_etag(std::string_view body) {
  const std::string digest = signing::hex_lower(signing::sha256(body));
  std::string tag;
  tag.reserve(34);
  tag.push_back('"');
  tag.append(digest, 0, 32);
  tag.push_back('"');
  return tag;
}

bool etag_matches(std::string_view header, std::string_view etag) {
  header = adapters::trim_ows(header);
  if (header.empty()) return false;
  if (header == "*") return true;
  std::size_t pos = 0;
  while (pos < header.size()) {
    const auto comma = header.find(',', pos);
    const auto item = adapters::trim_ows(header.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    if (!item.empty() && opaque(item) == opaque(etag)) return true;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return false;
}

}  // namespace qg::quotas
