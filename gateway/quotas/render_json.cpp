#include <boost/json/serialize.hpp>

#include "gateway/quotas/render.hpp"

namespace qg::quotas {
namespace {

boost::json::object project(boost::json::object full, const QuotaQuery& q) {
  if (q.fields.empty()) return full;
  boost::json::object out;
  out["id"] = full["id"];
  for (const auto& f : q.fields) {
    if (auto* v = full.if_contains(f)) out[f] = *v;
  }
  if (q.include_raw) out["raw"] = full["raw"];
  return out;
}

}  // namespace

std::string render_json(const Page& page, std::span<const SourceReport> sources, const QuotaQuery& q) {
  const bool verbatim = q.fields.empty() && !q.include_raw;
  std::string out;
  std::size_t estimate = 128 + sources.size() * 256;
  for (const auto& item : page.items) estimate += item.json ? item.json->size() + 1 : 512;
  out.reserve(estimate);
  out += "{\"items\":[";
  bool first = true;
  for (const auto& item : page.items) {
    if (!first) out += ',';
    first = false;
    if (verbatim && item.json) {
      out += *item.json;  // serialized once per fetch, not per request
    } else {
      out += boost::json::serialize(project(adapters::to_json(*item.record, q.include_raw), q));
    }
  }
  out += "],\"sources\":[";
  first = true;
  for (const auto& s : sources) {
    if (!first) out += ',';
    first = false;
    out += boost::json::serialize(to_json(s));
  }
  out += "],\"total_items\":";
  out += std::to_string(page.total_items);
  out += ",\"next_page_token\":";
  out += page.next_page_token ? boost::json::serialize(boost::json::value(*page.next_page_token)) : "null";
  out += "}";
  return out;
}

}  // namespace qg::quotas
