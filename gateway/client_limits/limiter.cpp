#include "gateway/client_limits/limiter.hpp"

namespace qg::client_limits {

std::string_view policy_name(Which which) { return which == Which::kRequests ? "requests" : "refresh"; }

Limiter::Limiter(ClientLimitPolicy policy) { set_policy(policy); }

void Limiter::set_policy(ClientLimitPolicy policy) {
  std::lock_guard lock(mutex_);
  policy_ = policy;
  requests_ = bucket_params(policy.rate, policy.burst);
  refresh_ = bucket_params(policy.refresh, policy.refresh_burst);
}

bool Limiter::limits_requests() const {
  std::lock_guard lock(mutex_);
  return policy_.enabled && policy_.requests;
}

bool Limiter::limits_refreshes() const {
  std::lock_guard lock(mutex_);
  return policy_.enabled;
}

std::size_t Limiter::clients() const {
  std::lock_guard lock(mutex_);
  return clients_.size();
}

// Forgets clients whose budgets are full again (nothing is lost); if every tracked client is
// still spending, starts over rather than grow without bound: the worst case is a fresh budget
// for clients that were already limited.
void Limiter::make_room(TimePoint now) {
  for (auto it = clients_.begin(); it != clients_.end();) {
    if (it->second.requests.full_at(now) && it->second.refresh.full_at(now)) it = clients_.erase(it);
    else ++it;
  }
  if (clients_.size() >= policy_.max_clients) clients_.clear();
}

Verdict Limiter::take(Which which, std::string_view client, TimePoint now) {
  std::lock_guard lock(mutex_);
  auto it = clients_.find(std::string(client));
  if (it == clients_.end()) {
    if (clients_.size() >= policy_.max_clients) make_room(now);
    it = clients_.emplace(std::string(client), Budgets{}).first;
  }
  const BucketParams& params = which == Which::kRequests ? requests_ : refresh_;
  Bucket& bucket = which == Which::kRequests ? it->second.requests : it->second.refresh;
  Verdict v;
  v.decision = bucket.take(now, params);
  v.policy = policy_item(policy_name(which), params);
  v.state = state_item(policy_name(which), v.decision);
  return v;
}

}  // namespace qg::client_limits
