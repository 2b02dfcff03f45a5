#include <algorithm>
#include <cstdlib>
#include <string>

#include "adapters/common/numbers.hpp"
#include "adapters/common/text.hpp"
#include "gateway/quotas/render.hpp"

namespace qg::quotas {
namespace {

struct Range {
  std::string type;  // "application/json", "text/*", "*/*"
  double q = 1.0;
};

std::vector<Range> parse_accept(std::string_view accept) {
  std::vector<Range> out;
  std::size_t pos = 0;
  while (pos <= accept.size()) {
    const auto comma = accept.find(',', pos);
    auto item = accept.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    Range r;
    const auto semi = item.find(';');
    r.type = adapters::ascii_lower(adapters::trim_ows(item.substr(0, semi)));
    if (semi != std::string_view::npos) {
      auto params = item.substr(semi + 1);
      std::size_t p = 0;
      while (p <= params.size()) {
        const auto next = params.find(';', p);
        auto param = adapters::trim_ows(params.substr(p, next == std::string_view::npos ? std::string_view::npos : next - p));
        if (param.starts_with("q=") || param.starts_with("Q=")) {
          const auto q = adapters::parse_decimal(param.substr(2));
          r.q = (q && *q >= 0 && *q <= 1) ? *q : 0;
        }
        if (next == std::string_view::npos) break;
        p = next + 1;
      }
    }
    if (!r.type.empty()) out.push_back(r);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

// The q-value Accept gives this type: the most specific matching range wins (RFC 9110 §12.5.1).
double quality(const std::vector<Range>& ranges, std::string_view type) {
  const auto slash = type.find('/');
  const std::string major = std::string(type.substr(0, slash)) + "/*";
  int best_specificity = -1;
  double q = 0;
  for (const auto& r : ranges) {
    int specificity = -1;
    if (r.type == type) specificity = 2;
    else if (r.type == major) specificity = 1;
    else if (r.type == "*/*") specificity = 0;
    if (specificity > best_specificity) {
      best_specificity = specificity;
      q = r.q;
    }
  }
  return q;
}

// The q-value of a range naming this type exactly (0 when none does).
double exact_quality(const std::vector<Range>& ranges, std::string_view type) {
  for (const auto& r : ranges) {
    if (r.type == type) return r.q;
  }
  return 0;
}

}  // namespace

boost::system::result<OutputFormat, std::string> negotiate(std::string_view accept, std::optional<OutputFormat> param) {
  if (param) return *param;
  accept = adapters::trim_ows(accept);
  if (accept.empty()) return OutputFormat::kJson;
  const auto ranges = parse_accept(accept);
  const double json = quality(ranges, "application/json");
  const double csv = quality(ranges, "text/csv");
  // No wildcard picks NDJSON: only a client that names it gets it.
  const double ndjson = std::max(exact_quality(ranges, "application/x-ndjson"), exact_quality(ranges, "application/ndjson"));
  if (json <= 0 && csv <= 0 && ndjson <= 0) {
    return std::string(
        "this resource is available as application/json, text/csv or application/x-ndjson (or ?format=json|csv|ndjson)");
  }
  // Equal preference (e.g. */*): JSON, the primary representation.
  if (ndjson > json && ndjson > csv) return OutputFormat::kNdjson;
  return csv > json ? OutputFormat::kCsv : OutputFormat::kJson;
}

}  // namespace qg::quotas
