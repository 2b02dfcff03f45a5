#include "gateway/http/problem.hpp"

#include "adapters/common/json_write.hpp"

namespace qg::http {

Response problem_response(unsigned status, boost::json::object problem) {
  return text_response(status, "application/problem+json", adapters::json::serialize(problem));
}

Response problem_response(ProblemKind kind, std::string detail, const std::vector<InvalidParam>& params) {
  return problem_response(problem::info(kind).status, problem::object(kind, std::move(detail), params));
}

}  // namespace qg::http
