#include "gateway/http/problem.hpp"

#include <array>

#include <boost/json/serialize.hpp>

namespace qg::http {
namespace {

struct Info {
  ProblemKind kind;
  unsigned status;
  std::string_view slug;
  std::string_view title;
};

constexpr std::array<Info, 13> kProblems{{
    {ProblemKind::kInvalidParameters, 400, "invalid-parameters", "Invalid query parameters"},
    {ProblemKind::kBadRequest, 400, "bad-request", "Malformed HTTP request"},
    {ProblemKind::kUnauthorized, 401, "unauthorized", "Missing or invalid API key"},
    {ProblemKind::kNotFound, 404, "not-found", "No such resource"},
    {ProblemKind::kMethodNotAllowed, 405, "method-not-allowed", "Method not allowed"},
    {ProblemKind::kNotAcceptable, 406, "not-acceptable", "No acceptable representation"},
    {ProblemKind::kPayloadTooLarge, 413, "payload-too-large", "Request body too large"},
    {ProblemKind::kHeadersTooLarge, 431, "headers-too-large", "Request header fields too large"},
    {ProblemKind::kTooManyRequests, 429, "too-many-requests", "Too many requests"},
    {ProblemKind::kInternal, 500, "internal", "Internal error"},
    {ProblemKind::kAllSourcesFailed, 502, "all-sources-failed", "Every source failed"},
    {ProblemKind::kShuttingDown, 503, "shutting-down", "The gateway is shutting down"},
    {ProblemKind::kTimeout, 504, "timeout", "The request deadline passed"},
}};

// At a character boundary: a clipped name must stay valid UTF-8.
std::string clip(const std::string& text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

const Info& info(ProblemKind kind) {
  for (const auto& i : kProblems) {
    if (i.kind == kind) return i;
  }
  return kProblems[9];
}

}  // namespace

std::string problem_type_uri(std::string_view slug) {
  return "https://quota-gateway.dev/problems/" + std::string(slug);
}

unsigned problem_status(ProblemKind kind) { return info(kind).status; }

boost::json::object problem_object(ProblemKind kind, std::string detail, const std::vector<InvalidParam>& params) {
  const Info& i = info(kind);
  boost::json::object o;
  o["type"] = problem_type_uri(i.slug);
  o["title"] = i.title;
  o["status"] = i.status;
  o["detail"] = std::move(detail);
  if (!params.empty()) {
    // A query of thousands of bad parameters must not buy a megabyte of answer: the first few
    // say what to fix, the count says how many more there are.
    boost::json::array list;
    for (std::size_t i = 0; i < params.size() && i < kMaxInvalidParams; ++i) {
      list.push_back(boost::json::object{{"name", clip(params[i].name, 128)}, {"reason", clip(params[i].reason, 512)}});
    }
    o["invalid_params"] = std::move(list);
    if (params.size() > kMaxInvalidParams) o["invalid_params_total"] = params.size();
  }
  return o;
}

Response problem_response(unsigned status, boost::json::object problem) {
  return text_response(status, "application/problem+json", boost::json::serialize(problem));
}

Response problem_response(ProblemKind kind, std::string detail, const std::vector<InvalidParam>& params) {
  return problem_response(info(kind).status, problem_object(kind, std::move(detail), params));
}

}  // namespace qg::http
