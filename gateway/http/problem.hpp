#pragma once
// RFC 9457 problem responses (application/problem+json). The kinds, their types and statuses are
// the one table in gateway/problem/problem.hpp; this turns a row into a Response.

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "gateway/http/response.hpp"
#include "gateway/problem/problem.hpp"

namespace qg::http {

using ProblemKind = problem::Kind;
using problem::InvalidParam;

Response problem_response(ProblemKind kind, std::string detail, const std::vector<InvalidParam>& invalid_params = {});
// A problem body that carries extra members (e.g. the sources array of a 502).
Response problem_response(unsigned status, boost::json::object problem);

}  // namespace qg::http
