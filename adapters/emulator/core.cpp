#include "adapters/emulator/core.hpp"

#include <algorithm>

#include <boost/json/serialize.hpp>

#include "adapters/emulator/alibaba_aicontent_api.hpp"
#include "adapters/emulator/alibaba_gateway.hpp"
#include "adapters/emulator/alibaba_ice_api.hpp"
#include "adapters/emulator/control.hpp"
#include "adapters/emulator/envelopes.hpp"
#include "adapters/emulator/identity_api.hpp"
#include "adapters/emulator/pool_burn.hpp"
#include "adapters/emulator/router.hpp"
#include "adapters/emulator/tencent_live_api.hpp"
#include "adapters/emulator/verify_acs3.hpp"
#include "adapters/emulator/verify_tc3.hpp"

namespace qg::emulator {
namespace {

const PopApi& pop_api(Api api) { return api == Api::kAlibabaIce ? kIceApi : kAicontentApi; }

std::string claimed_id(Api api, const WireRequest& req) {
  return api == Api::kTencentLive ? tc3_claimed_secret_id(req) : acs3_claimed_access_key_id(req);
}

IdentityConfig identity_config(const EmulatorOptions& o) {
  return {o.instance_role, std::max<std::int64_t>(1, o.temp_credential_ttl_seconds), o.ecs_metadata_imdsv1};
}

boost::json::value records(const std::vector<boost::json::object>& list) {
  return boost::json::array(list.begin(), list.end());
}

}  // namespace

EmulatorCore::EmulatorCore(EmulatorOptions options)
    : options_(std::move(options)), identity_(identity_config(options_)) {
  if (options_.tencent_credentials.empty()) options_.tencent_credentials.push_back(kDefaultTencentCredential);
  if (options_.alibaba_credentials.empty()) options_.alibaba_credentials.push_back(kDefaultAlibabaCredential);
  if (options_.data_epoch == 0) options_.data_epoch = default_epoch(unix_now());
  seeded_ = std::make_shared<const Dataset>(make_dataset(options_.seed, options_.data_epoch, options_.sizes));
  base_ = seeded_;
  const Dataset& d = *seeded_;
  summary_ = {d.epoch, d.tencent[0].size() + d.tencent[1].size() + d.tencent[2].size(), d.ice.size(),
              d.aicontent.size()};
}

std::shared_ptr<const Dataset> EmulatorCore::current(std::int64_t now_ms) const {
  std::shared_ptr<const Dataset> data = base_;
  for (Api api : kAllApis) {
    const Burn& b = burns_[static_cast<std::size_t>(api)];
    if (b.per_hour <= 0) continue;
    const double hours = static_cast<double>(std::max<std::int64_t>(0, now_ms - b.since_ms)) / 3'600'000.0;
    const double fraction = std::min(1.0, b.per_hour * hours);
    data = std::make_shared<const Dataset>(b.in_order ? burn_in_order(*data, api, fraction, b.since_ms / 1000, now_ms / 1000)
                                                      : consume(*data, api, fraction));
  }
  return data;
}

std::shared_ptr<const Dataset> EmulatorCore::dataset() const {
  std::lock_guard lock(mutex_);
  return current(Instant::now().wall_ms());
}

std::shared_ptr<const Dataset> EmulatorCore::dataset_at(std::int64_t wall_ms) const {
  std::lock_guard lock(mutex_);
  return current(wall_ms);
}

std::string EmulatorCore::dataset_json() const {
  const auto d = dataset();
  boost::json::array tencent;
  for (const auto& list : d->tencent) tencent.push_back(records(list));
  return boost::json::serialize(boost::json::object{{"epoch", d->epoch},
                                                    {"tencent_live", std::move(tencent)},
                                                    {"alibaba_ice", records(d->ice)},
                                                    {"alibaba_aicontent", records(d->aicontent)}});
}

void EmulatorCore::apply_usage(const UsageUpdate& u, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  // What burned so far becomes the base, so a new rate (or a one-shot use) starts from here.
  base_ = current(now_ms);
  for (Api api : kAllApis) burns_[static_cast<std::size_t>(api)].since_ms = now_ms;
  if (u.consume > 0) base_ = std::make_shared<const Dataset>(consume(*base_, u.api, u.consume));
  if (u.burn_per_hour) {
    for (Api api : kAllApis) {
      if (!u.api || *u.api == api) {
        burns_[static_cast<std::size_t>(api)].per_hour = *u.burn_per_hour;
        burns_[static_cast<std::size_t>(api)].in_order = u.in_order;
      }
    }
  }
}

WireResponse EmulatorCore::handle(const WireRequest& req, const Instant& now) {
  const Route r = route(req);
  switch (r.kind) {
    case RouteKind::kControl:
      if (!options_.control_plane) break;  // not there at all: nothing a cloud would answer
      return handle_control(*this, req);
    case RouteKind::kIdentity:
      return identity_serve(identity_, r.identity, req, now.unix_seconds);
    case RouteKind::kApi: return call(r.api, req, now);
    case RouteKind::kUnknownAlibabaAction: return alibaba_action_not_found(req);
    case RouteKind::kNotFound: break;
  }
  return json_response(404, R"({"error":"no emulated API here: send X-TC-Action, x-acs-action or the AIContent path"})");
}

const std::vector<Credential>& EmulatorCore::credentials(Api api) const {
  return api == Api::kTencentLive ? options_.tencent_credentials : options_.alibaba_credentials;
}

std::string EmulatorCore::attribute(Api api, const WireRequest& req) const {
  std::string who = claimed_id(api, req);
  const auto& creds = credentials(api);
  const bool configured =
      std::any_of(creds.begin(), creds.end(), [&](const Credential& c) { return c.id == who; });
  if (!configured && !identity_.find(cloud_of(api), who)) who = std::string(kUnknownCredential);
  return who;
}

WireResponse EmulatorCore::call(Api api, const WireRequest& req, const Instant& now) {
  // Attributed before anything can refuse it: pacing is judged on every arrival.
  const std::string who = attribute(api, req);
  FaultPlan plan;
  Faults faults;
  {
    std::lock_guard lock(mutex_);
    stats_.arrive(api, who, now.steady, now.unix_seconds);
    ApiState& st = state(api);
    faults = st.faults;
    plan = plan_call(faults, ++st.calls_since_faults);
    if (plan.hang) stats_.hung(api);
  }
  WireResponse r;
  if (plan.hang) {
    r.hang = true;
    return r;
  }
  const double rate = faults.rate_limit.value_or(api == Api::kTencentLive ? options_.tencent_rate_limit
                                                                           : options_.alibaba_rate_limit);
  r = plan.fail ? injected_failure(api, faults, req) : admit_and_serve(api, req, now, rate);
  std::string outcome = r.error_code;
  if (outcome.empty()) {
    // Body faults spoil data answers only; the pseudo-codes keep them apart from real ones.
    if (plan.invalid_json) {
      r.body = "<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>";
      outcome = "(invalid_json)";
    } else if (plan.truncate) {
      r.body.resize(r.body.size() / 2);
      outcome = "(truncated)";
    } else if (plan.disconnect) {
      r.disconnect = true;
      outcome = "(disconnected)";
    }
  }
  {
    std::lock_guard lock(mutex_);
    stats_.outcome(api, who, outcome);
  }
  r.latency = std::chrono::milliseconds(options_.latency_ms) + plan.latency;
  return r;
}

// Stateless admission against the configured credentials, or against the issued one the request
// names. The token comes after the signature: a correctly signed request with a stale credential
// is what a rotating client sends, and it must learn that its token is the problem.
Admission EmulatorCore::admit(Api api, const WireRequest& req, const Instant& now) const {
  const Cloud cloud = cloud_of(api);
  const auto issued = identity_.find(cloud, claimed_id(api, req));
  std::vector<Credential> temporary;
  if (issued) temporary.push_back({issued->id, issued->secret});
  const auto& accepted = issued ? temporary : credentials(api);
  Admission a = api == Api::kTencentLive ? tencent_admit(req, accepted, now.unix_seconds)
                                         : alibaba_admit(req, pop_api(api), accepted, now.unix_seconds);
  if (a.refusal || !issued) return a;
  const TokenStatus status = check_token(*issued, session_token(cloud, req), now.unix_seconds);
  if (status != TokenStatus::kValid) {
    const std::string_view product = api == Api::kTencentLive ? std::string_view() : pop_api(api).product;
    a.refusal = token_refusal(cloud, status, req.header("Host"), product);
  }
  return a;
}

WireResponse EmulatorCore::admit_and_serve(Api api, const WireRequest& req, const Instant& now, double rate) {
  const bool tencent = api == Api::kTencentLive;
  Admission a = admit(api, req, now);
  if (a.refusal) return std::move(*a.refusal);
  bool replay = false;
  RateLimiter::Decision decision;
  std::shared_ptr<const Dataset> data;
  {
    std::lock_guard lock(mutex_);
    replay = !tencent && !nonces_.use(a.credential, a.nonce, a.nonce_expires, now.unix_seconds);
    if (!replay) decision = state(api).limiters[a.credential].admit(now.steady, rate);
    data = current(now.wall_ms());
  }
  const std::string_view host = req.header("Host");
  if (replay) {
    return pop_error(400, "SignatureNonceUsed", "Specified signature nonce was used already.", host,
                     pop_api(api).product);
  }
  if (!decision.admitted) {
    if (tencent) return tencent_throttled(decision.capacity);
    return pop_throttled(options_.alibaba_throttle_status, decision.capacity, decision.retry_after, now.unix_seconds,
                         host, pop_api(api).product);
  }
  switch (api) {
    case Api::kTencentLive: return tencent_serve(req, *data);
    case Api::kAlibabaIce: return ice_serve(req, *data);
    case Api::kAlibabaAicontent: return aicontent_serve(req, *data);
  }
  return {};
}

WireResponse EmulatorCore::injected_failure(Api api, const Faults& f, const WireRequest& req) const {
  constexpr std::string_view kMessage = "Injected failure (provider-emulator faults).";
  if (api == Api::kTencentLive) {
    auto r = tencent_error(f.fail_code, kMessage);
    if (f.fail_status != 0) r.status = f.fail_status;
    return r;
  }
  const unsigned status = alibaba_fail_status(f, options_.alibaba_throttle_status);
  // AIContent's own service errors (Server.Internal.UnknownError) come in its application envelope.
  if (api == Api::kAlibabaAicontent && f.fail_code.starts_with("Server.")) {
    return aicontent_error(status, f.fail_code, kMessage);
  }
  auto r = pop_error(status, f.fail_code, kMessage, req.header("Host"), pop_api(api).product);
  if (f.fail_code.starts_with("Throttling")) {
    r.headers.emplace_back("x-ratelimit-user-api", "Limit:1,Remain:0,TimeLeft:1000,Reset:" +
                                                       std::to_string(unix_now() + 1));
  }
  return r;
}

StatsSnapshot EmulatorCore::stats() const {
  std::lock_guard lock(mutex_);
  return stats_.snapshot(summary_);
}

void EmulatorCore::set_faults(Api api, Faults faults) {
  std::lock_guard lock(mutex_);
  ApiState& st = state(api);
  st.faults = std::move(faults);
  st.calls_since_faults = 0;
}

Faults EmulatorCore::faults(Api api) const {
  std::lock_guard lock(mutex_);
  return apis_[static_cast<std::size_t>(api)].faults;
}

void EmulatorCore::reset() {
  identity_.reset();  // before taking mutex_: the two locks never nest
  std::lock_guard lock(mutex_);
  apis_ = {};
  base_ = seeded_;
  burns_ = {};
  stats_.reset();
  nonces_.clear();
}

}  // namespace qg::emulator
