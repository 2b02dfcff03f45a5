#include "adapters/emulator/stats.hpp"

#include <algorithm>

#include <boost/json/array.hpp>

namespace qg::emulator {
namespace {

boost::json::object counts_json(const std::map<std::string, std::uint64_t>& counts) {
  boost::json::object o;
  for (const auto& [code, n] : counts) o[code] = n;
  return o;
}

}  // namespace

boost::json::object StatsSnapshot::to_json() const {
  boost::json::object apis_json;
  for (Api a : kAllApis) {
    const ApiStats& s = api(a);
    boost::json::object credentials;
    for (const auto& [id, c] : s.credentials) {
      credentials[id] = boost::json::object{
          {"requests", c.requests},           {"accepted", c.accepted},
          {"errors", counts_json(c.errors)},  {"max_in_any_1s_window", c.max_in_any_1s_window},
          {"first_used_at", c.first_used_at}, {"last_used_at", c.last_used_at}};
    }
    apis_json[api_name(a)] = boost::json::object{{"calls", s.calls},
                                                 {"accepted", s.accepted},
                                                 {"errors", counts_json(s.errors)},
                                                 {"hung", s.hung},
                                                 {"max_in_any_1s_window", s.max_in_any_1s_window},
                                                 {"credentials", std::move(credentials)},
                                                 {"call_times_ms", boost::json::array(s.call_times_ms.begin(),
                                                                                      s.call_times_ms.end())}};
  }
  boost::json::object data{{"epoch", dataset.epoch},
                           {"tencent_live", dataset.tencent_live},
                           {"alibaba_ice", dataset.alibaba_ice},
                           {"alibaba_aicontent", dataset.alibaba_aicontent}};
  return boost::json::object{{"apis", std::move(apis_json)}, {"dataset", std::move(data)}};
}

void StatsRecorder::arrive(Api api, const std::string& credential, SteadyTime now, std::int64_t now_unix) {
  PerApi& a = at(api);
  ++a.counts.calls;
  a.window.arrive(now);
  if (!first_call_) first_call_ = now;
  a.call_times_ms.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(now - *first_call_).count());
  if (a.call_times_ms.size() > kTimelineCalls) a.call_times_ms.pop_front();
  PerCredential& c = a.credentials[credential];
  if (c.counts.requests++ == 0) c.counts.first_used_at = now_unix;
  c.counts.last_used_at = std::max(c.counts.last_used_at, now_unix);
  c.window.arrive(now);
}

void StatsRecorder::hung(Api api) { ++at(api).counts.hung; }

void StatsRecorder::outcome(Api api, const std::string& credential, std::string_view error_code) {
  PerApi& a = at(api);
  PerCredential& c = a.credentials[credential];
  if (error_code.empty()) {
    ++a.counts.accepted;
    ++c.counts.accepted;
  } else {
    ++a.counts.errors[std::string(error_code)];
    ++c.counts.errors[std::string(error_code)];
  }
}

StatsSnapshot StatsRecorder::snapshot(const DatasetSummary& dataset) const {
  StatsSnapshot s;
  s.dataset = dataset;
  for (Api api : kAllApis) {
    const PerApi& a = apis_[static_cast<std::size_t>(api)];
    ApiStats& out = s.apis[static_cast<std::size_t>(api)];
    out = a.counts;
    out.max_in_any_1s_window = a.window.max_in_any_second();
    out.call_times_ms.assign(a.call_times_ms.begin(), a.call_times_ms.end());
    for (const auto& [id, c] : a.credentials) {
      CredentialStats cs = c.counts;
      cs.max_in_any_1s_window = c.window.max_in_any_second();
      out.credentials.emplace(id, std::move(cs));
    }
  }
  return s;
}

void StatsRecorder::reset() {
  apis_ = {};
  first_call_.reset();
}

}  // namespace qg::emulator
