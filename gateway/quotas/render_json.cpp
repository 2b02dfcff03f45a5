#include "gateway/quotas/render.hpp"

#include <algorithm>

#include "adapters/common/json_write.hpp"

namespace qg::quotas {
namespace {

boost::json::object project(boost::json::object full, const QuotaQuery& q, bool raw) {
  if (q.fields.empty()) return full;
  boost::json::object out;
  out["id"] = full["id"];
  for (const auto& f : q.fields) {
    if (auto* v = full.if_contains(f)) out[f] = *v;
  }
  if (raw) out["raw"] = full["raw"];
  return out;
}

// `{...}` with `"raw":<raw>` as its last member: the bytes serialize() gives for the object with
// raw added last, as to_json and project add it.
std::string with_raw(std::string_view object, std::string_view raw) {
  std::string out;
  out.reserve(object.size() + raw.size() + 8);
  out.append(object.substr(0, object.size() - 1)).append(",\"raw\":").append(raw).append("}");
  return out;
}

bool wants(const QuotaQuery& q, std::string_view field) {
  return std::find(q.fields.begin(), q.fields.end(), field) != q.fields.end();
}

}  // namespace

std::string render_record_json(const RecordRef& item, const QuotaQuery& q) {
  if (item.set == nullptr) {
    if (q.fields.empty() && !q.include_raw && item.json) return *item.json;  // serialized once per fetch
    return adapters::json::serialize(project(adapters::to_json(*item.record, q.include_raw), q, q.include_raw));
  }
  // A compacted record: its JSON, details and raw are text in the set (record_set.hpp).
  const cache::RecordSet& set = *item.set;
  std::string out;
  if (q.fields.empty()) {
    out = set.json[item.row];
  } else {
    auto full = adapters::to_json(*item.record, false);
    if (wants(q, "details")) full["details"] = set.details_object(item.row);
    out = adapters::json::serialize(project(std::move(full), q, false));
  }
  return q.include_raw ? with_raw(out, set.raw[item.row]) : out;
}

std::string render_json_items(const Page& page, const QuotaQuery& q) {
  std::string out;
  std::size_t estimate = 64;
  for (const auto& item : page.items) estimate += item.json ? item.json->size() + 1 : 512;
  out.reserve(estimate);
  out += "{\"items\":[";
  bool first = true;
  for (const auto& item : page.items) {
    if (!first) out += ',';
    first = false;
    out += render_record_json(item, q);
  }
  out += "],\"sources\":[";
  return out;
}

std::string render_json_sources(std::span<const SourceReport> sources) {
  std::string out;
  out.reserve(sources.size() * 256);
  bool first = true;
  for (const auto& s : sources) {
    if (!first) out += ',';
    first = false;
    out += adapters::json::serialize(to_json(s));
  }
  return out;
}

std::string render_json_end(const Page& page) {
  std::string out = "],\"total_items\":";
  out += std::to_string(page.total_items);
  out += ",\"next_page_token\":";
  if (page.next_page_token) adapters::json::append_string(out, *page.next_page_token);
  else out += "null";
  out += "}";
  return out;
}

std::string render_ndjson(const Page& page, const QuotaQuery& q) {
  std::string out;
  for (const auto& item : page.items) {
    out += render_record_json(item, q);
    out += '\n';
  }
  return out;
}

std::string render_json(const Page& page, std::span<const SourceReport> sources, const QuotaQuery& q) {
  return render_json_items(page, q) + render_json_sources(sources) + render_json_end(page);
}

}  // namespace qg::quotas
