#include "gateway/http/front_door.hpp"

#include <cctype>
#include <stdexcept>

#include "adapters/common/http_types.hpp"
#include "adapters/common/signing/crypto.hpp"
#include "gateway/base/log.hpp"
#include "gateway/http/display.hpp"
#include "gateway/http/problem.hpp"

namespace qg::http {
namespace {

namespace beast_http = boost::beast::http;

// Headers a browser script may read besides the CORS-safelisted ones.
constexpr std::string_view kExposedHeaders =
    "ETag, X-Request-Id, X-Quota-Complete, X-Quota-Sources-Failed, Cache-Control, Age, Content-Disposition, "
    "Retry-After, Allow";
constexpr std::string_view kAllowedRequestHeaders =
    "Authorization, X-API-Key, X-Request-Id, If-None-Match, Accept, Request-Timeout, X-Request-Timeout, traceparent, "
    "tracestate";

bool all_hex(std::string_view s) {
  for (const char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c)) || std::isupper(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool all_zero(std::string_view s) { return s.find_first_not_of('0') == std::string_view::npos; }

}  // namespace

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (const char ch : id) {
    const auto c = static_cast<unsigned char>(ch);
    if (!(std::isalnum(c) || c == '.' || c == '_' || c == ':' || c == '-')) return false;
  }
  return true;
}

bool valid_traceparent(std::string_view v) {
  if (v.size() != 55 || v[2] != '-' || v[35] != '-' || v[52] != '-') return false;
  const auto version = v.substr(0, 2), trace = v.substr(3, 32), span = v.substr(36, 16), flags = v.substr(53, 2);
  return all_hex(version) && version != "ff" && all_hex(trace) && !all_zero(trace) && all_hex(span) &&
         !all_zero(span) && all_hex(flags);
}

FrontDoor::FrontDoor(const Router& router, FrontDoorOptions options, base::Clock& clock, base::Random& random)
    : router_(router), options_(std::move(options)), clock_(clock), random_(random) {
  for (const auto& key : options_.api_keys) {
    if (!key.empty()) key_digests_.push_back(signing::sha256(key.reveal()));
  }
  // Fail closed: authentication that was asked for and cannot be enforced stops the start.
  if (options_.require_auth && key_digests_.empty()) {
    throw std::invalid_argument("authentication is required but no usable API key is configured");
  }
}

bool FrontDoor::key_matches(std::string_view presented) const {
  // Hashing first makes every comparison the same length; checking every key keeps the time
  // independent of which key (if any) matched.
  const std::string digest = signing::sha256(presented);
  bool match = false;
  for (const auto& expected : key_digests_) match |= signing::constant_time_equal(digest, expected);
  return match;
}

bool FrontDoor::origin_allowed(std::string_view origin) const {
  // "null" is the origin of sandboxed frames, data: URLs and file pages: any page can claim it,
  // so not even "*" lets it read answers.
  if (origin == "null") return false;
  for (const auto& allowed : options_.cors_origins) {
    if (allowed == "*" || allowed == origin) return true;
  }
  return false;
}

void FrontDoor::decorate(const Request& request, Response& response) const {
  response.set_header("X-Request-Id", request.request_id);
  const auto origin = request.header("Origin");
  if (!origin.empty() && origin_allowed(origin)) {
    response.set_header("Access-Control-Allow-Origin", std::string(origin));
    response.set_header("Access-Control-Expose-Headers", std::string(kExposedHeaders));
  }
  if (!options_.cors_origins.empty()) {
    // The answer depends on Origin: shared caches must not hand one origin's answer to another.
    const auto vary = response.find_header("Vary");
    response.set_header("Vary", vary.empty() ? "Origin" : std::string(vary) + ", Origin");
  }
}

void FrontDoor::finish(const Request& request, std::string_view route, const Response& response) const {
  const auto elapsed = clock_.steady_now() - request.received;
  const double ms = std::chrono::duration<double, std::milli>(elapsed).count();
  const std::size_t bytes = response.body_size();
  const std::string target = loggable_target(request.target);
  const std::string method = printable(request.method_string, 32);
  base::log_info("request", {{"request_id", request.request_id},
                             {"method", method},
                             {"route", route},
                             {"target", target},
                             {"status", response.status},
                             {"duration_ms", ms},
                             {"bytes", bytes},
                             {"remote", request.remote},
                             {"traceparent", request.traceparent},
                             {"upstream", response.log_summary}});
  if (options_.observe) options_.observe(request, route, response, elapsed);
}

Response FrontDoor::reject(Request& request, Response response) {
  if (request.request_id.empty()) request.request_id = random_.hex(16);
  response.close = true;
  decorate(request, response);
  finish(request, "", response);
  return response;
}

boost::asio::awaitable<Response> FrontDoor::handle(Request& request) {
  if (options_.in_flight) options_.in_flight(1);
  struct Done {
    const FrontDoorOptions& o;
    ~Done() {
      if (o.in_flight) o.in_flight(-1);
    }
  } done{options_};
  const auto presented_id = request.header("X-Request-Id");
  request.request_id = valid_request_id(presented_id) ? std::string(presented_id) : random_.hex(16);
  if (const auto tp = request.header("traceparent"); valid_traceparent(tp)) request.traceparent = std::string(tp);

  Response response;
  std::string route_name;
  if (request.method == beast_http::verb::options) {
    const std::string allow = router_.allow(request.path);
    if (allow.empty()) {
      response = problem_response(ProblemKind::kNotFound, "no resource at " + printable(request.path, 256));
    } else {
      route_name = std::string(router_.pattern_of(request.path));
      response.status = 204;
      response.set_header("Allow", allow);
      const auto origin = request.header("Origin");
      if (!origin.empty() && origin_allowed(origin)) {
        response.set_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        response.set_header("Access-Control-Allow-Headers", std::string(kAllowedRequestHeaders));
        response.set_header("Access-Control-Max-Age", std::to_string(options_.cors_max_age.count()));
      }
    }
  } else {
    unsigned status = 0;
    std::string allow;
    const Route* route = router_.match(request, status, allow, &request.path_param);
    if (route == nullptr) {
      if (status == 405) {
        response = problem_response(ProblemKind::kMethodNotAllowed,
                                    printable(request.method_string, 32) + " is not allowed on " +
                                        printable(request.path, 256) + "; allowed: " + allow);
        response.set_header("Allow", allow);
      } else {
        response = problem_response(ProblemKind::kNotFound, "no resource at " + printable(request.path, 256));
      }
    } else {
      route_name = route->path;
      if (route->requires_auth && !key_digests_.empty()) {
        std::string_view key = request.header("X-API-Key");
        const auto authorization = request.header("Authorization");
        if (key.empty() && authorization.size() > 7 && adapters::iequals(authorization.substr(0, 7), "Bearer ")) {
          key = authorization.substr(7);
        }
        if (key.empty() || !key_matches(key)) {
          response = problem_response(ProblemKind::kUnauthorized,
                                      key.empty() ? "send an API key as 'Authorization: Bearer <key>' or 'X-API-Key'"
                                                  : "the API key is not valid");
          response.set_header("WWW-Authenticate", "Bearer realm=\"quota-gateway\"");
        } else {
          response = co_await route->handler(request);
        }
      } else {
        response = co_await route->handler(request);
      }
    }
  }
  decorate(request, response);
  finish(request, route_name, response);
  co_return response;
}

}  // namespace qg::http
