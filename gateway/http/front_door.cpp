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
    "Retry-After, Allow, Link, X-Total-Count, RateLimit-Policy, RateLimit, X-Quota-Refresh-Skipped";
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

struct FrontDoor::Compiled {
  FrontDoorPolicy policy;
  std::vector<std::string> key_digests;  // SHA-256 of each key: compared in constant time
};

namespace {

// `keyless`: what to do with authentication that is required but has no usable key.
enum class Keyless { kRefuse, kDenyEveryone };

std::shared_ptr<const FrontDoor::Compiled> compile(FrontDoorPolicy policy, Keyless keyless) {
  auto c = std::make_shared<FrontDoor::Compiled>();
  for (const auto& key : policy.api_keys) {
    if (!key.empty()) c->key_digests.push_back(signing::sha256(key.reveal()));
  }
  // Fail closed: at start-up, authentication that was asked for and cannot be enforced is
  // refused; on a reload that revoked every key, nothing that needs a key is served.
  if (policy.require_auth && c->key_digests.empty() && keyless == Keyless::kRefuse) {
    throw std::invalid_argument("authentication is required but no usable API key is configured");
  }
  c->policy = std::move(policy);
  return c;
}

bool digest_matches(const FrontDoor::Compiled& c, const std::string& digest) {
  // Checking every key keeps the time independent of which key (if any) matched.
  bool match = false;
  for (const auto& expected : c.key_digests) match |= signing::constant_time_equal(digest, expected);
  return match;
}

bool allowed_origin(const FrontDoor::Compiled& c, std::string_view origin) {
  // "null" is the origin of sandboxed frames, data: URLs and file pages: any page can claim it,
  // so not even "*" lets it read answers.
  if (origin == "null") return false;
  for (const auto& allowed : c.policy.cors_origins) {
    if (allowed == "*" || allowed == origin) return true;
  }
  return false;
}

std::string_view presented_key(const Request& request) {
  std::string_view key = request.header("X-API-Key");
  const auto authorization = request.header("Authorization");
  if (key.empty() && authorization.size() > 7 && adapters::iequals(authorization.substr(0, 7), "Bearer ")) {
    key = authorization.substr(7);
  }
  return key;
}

// Prepends one item to a structured-field list header the handler may have started.
void prepend_item(Response& response, std::string_view name, const std::string& item) {
  const auto existing = response.find_header(name);
  response.set_header(name, existing.empty() ? item : item + ", " + std::string(existing));
}

}  // namespace

FrontDoor::FrontDoor(const Router& router, FrontDoorOptions options, base::Clock& clock, base::Random& random)
    : router_(router), options_(std::move(options)), clock_(clock), random_(random) {
  compiled_ = compile(std::move(options_.policy), Keyless::kRefuse);
  options_.policy = {};
}

FrontDoor::~FrontDoor() = default;

void FrontDoor::reconfigure(FrontDoorPolicy policy) {
  auto next = compile(std::move(policy), Keyless::kDenyEveryone);
  std::lock_guard lock(mutex_);
  compiled_ = std::move(next);
}

std::shared_ptr<const FrontDoor::Compiled> FrontDoor::current() const {
  std::lock_guard lock(mutex_);
  return compiled_;
}

bool FrontDoor::key_matches(std::string_view presented) const {
  return digest_matches(*current(), signing::sha256(presented));
}

bool FrontDoor::origin_allowed(std::string_view origin) const { return allowed_origin(*current(), origin); }

// Who is asking and under which prefix links must point (before anything is logged).
void FrontDoor::resolve(Request& request, const Compiled& c) const {
  // A proxy that adds a field line of its own instead of extending the client's (HAProxy) is as
  // much the last hop as one that appends: every line counts, in order.
  const std::string forwarded_lines = request.header_lines("Forwarded");
  const std::string x_forwarded_for_lines = request.header_lines("X-Forwarded-For");
  const ForwardedHeaders forwarded{forwarded_lines, x_forwarded_for_lines, request.header("X-Forwarded-Proto"),
                                   request.header("X-Forwarded-Prefix")};
  ClientView view = resolve_client(request.remote, forwarded, c.policy.trusted_proxies);
  request.client = std::move(view.address);
  request.prefix = link_prefix(view.prefix, options_.base_path);
  request.client_id = "addr:" + request.client;
}

void FrontDoor::decorate(const Request& request, const Compiled& c, Response& response) const {
  response.set_header("X-Request-Id", request.request_id);
  // Every answer is what its Content-Type says: a browser must not guess HTML out of JSON or CSV
  // that carries a cloud's text.
  response.set_header("X-Content-Type-Options", "nosniff");
  const auto origin = request.header("Origin");
  if (!origin.empty() && allowed_origin(c, origin)) {
    response.set_header("Access-Control-Allow-Origin", std::string(origin));
    response.set_header("Access-Control-Expose-Headers", std::string(kExposedHeaders));
  }
  if (!c.policy.cors_origins.empty()) {
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
                             {"remote", request.client.empty() ? request.remote : request.client},
                             {"peer", request.remote},
                             {"traceparent", request.traceparent},
                             {"upstream", response.log_summary}});
  if (options_.observe) options_.observe(request, route, response, elapsed);
}

Response FrontDoor::reject(Request& request, Response response) {
  if (request.request_id.empty()) request.request_id = random_.hex(16);
  response.close = true;
  if (request.client.empty()) request.client = request.remote;
  decorate(request, *current(), response);
  finish(request, "", response);
  return response;
}

namespace {

// The answer for a client whose request budget is spent.
Response too_many_requests(const client_limits::Verdict& verdict) {
  const std::string retry = client_limits::retry_after_seconds(verdict.decision);
  Response r = problem_response(ProblemKind::kTooManyRequests,
                                "this client's request budget is spent; retry after " + retry + " s (see RateLimit-Policy)");
  r.set_header("Retry-After", retry);
  r.set_header("RateLimit-Policy", verdict.policy);
  r.set_header("RateLimit", verdict.state);
  return r;
}

}  // namespace

boost::asio::awaitable<Response> FrontDoor::route(Request& request, const Compiled& c, std::string& route_name) {
  unsigned status = 0;
  std::string allow;
  const Route* route = router_.match(request, status, allow, &request.path_param);
  if (route == nullptr) {
    if (status == 405) {
      Response r = problem_response(ProblemKind::kMethodNotAllowed, printable(request.method_string, 32) +
                                                                        " is not allowed on " +
                                                                        printable(request.path, 256) + "; allowed: " + allow);
      r.set_header("Allow", allow);
      co_return r;
    }
    co_return problem_response(ProblemKind::kNotFound, "no resource at " + printable(request.target, 256));
  }
  route_name = route->path;
  if (route->requires_auth && (c.policy.require_auth || !c.key_digests.empty())) {
    const auto key = presented_key(request);
    const std::string digest = signing::sha256(key);
    if (key.empty() || !digest_matches(c, digest)) {
      const char* why = c.key_digests.empty()
                            ? "no API key is valid: every key was revoked by a configuration reload, until keys "
                              "are configured again"
                        : key.empty() ? "send an API key as 'Authorization: Bearer <key>' or 'X-API-Key'"
                                      : "the API key is not valid";
      Response r = problem_response(ProblemKind::kUnauthorized, why);
      r.set_header("WWW-Authenticate", "Bearer realm=\"quota-gateway\"");
      co_return r;
    }
    // A key's budget follows the key, wherever its holder connects from.
    request.client_id = "key:" + signing::hex_lower(digest).substr(0, 16);
  }
  if (!route->limited || options_.limiter == nullptr || !options_.limiter->limits_requests()) {
    co_return co_await route->handler(request);
  }
  const auto verdict = options_.limiter->take(client_limits::Which::kRequests, request.client_id, clock_.steady_now());
  if (!verdict.decision.allowed) {
    if (options_.on_limited) options_.on_limited("requests");
    co_return too_many_requests(verdict);
  }
  Response r = co_await route->handler(request);
  // Every answer of a limited route says where the client stands (the handler may have added
  // the refresh policy's item already).
  prepend_item(r, "RateLimit-Policy", verdict.policy);
  prepend_item(r, "RateLimit", verdict.state);
  co_return r;
}

// Under a base path only what is inside it exists; routes see the path without it.
bool FrontDoor::strip_base_path(Request& request) const {
  const std::string_view base = options_.base_path;
  if (base.empty()) return true;
  if (!request.path.starts_with(base) || (request.path.size() > base.size() && request.path[base.size()] != '/')) {
    return false;
  }
  request.path.remove_prefix(base.size());
  if (request.path.empty()) request.path = "/";
  return true;
}

boost::asio::awaitable<Response> FrontDoor::handle(Request& request) {
  if (options_.in_flight) options_.in_flight(1);
  struct Done {
    const FrontDoorOptions& o;
    ~Done() {
      if (o.in_flight) o.in_flight(-1);
    }
  } done{options_};
  const auto c = current();
  resolve(request, *c);
  const auto presented_id = request.header("X-Request-Id");
  request.request_id = valid_request_id(presented_id) ? std::string(presented_id) : random_.hex(16);
  if (const auto tp = request.header("traceparent"); valid_traceparent(tp)) request.traceparent = std::string(tp);

  Response response;
  std::string route_name;
  if (!strip_base_path(request)) {
    response = problem_response(ProblemKind::kNotFound, "no resource at " + printable(request.path, 256) +
                                                            " (this gateway serves under " + options_.base_path + ")");
  } else if (request.method == beast_http::verb::options) {
    const std::string allow = router_.allow(request.path);
    if (allow.empty()) {
      response = problem_response(ProblemKind::kNotFound, "no resource at " + printable(request.target, 256));
    } else {
      route_name = std::string(router_.pattern_of(request.path));
      response.status = 204;
      response.set_header("Allow", allow);
      const auto origin = request.header("Origin");
      if (!origin.empty() && allowed_origin(*c, origin)) {
        response.set_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        response.set_header("Access-Control-Allow-Headers", std::string(kAllowedRequestHeaders));
        response.set_header("Access-Control-Max-Age", std::to_string(c->policy.cors_max_age.count()));
      }
    }
  } else {
    response = co_await route(request, *c, route_name);
  }
  decorate(request, *c, response);
  finish(request, route_name, response);
  co_return response;
}

}  // namespace qg::http
