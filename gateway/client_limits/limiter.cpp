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

// From the least recently seen end: clients whose budgets are full again go (nothing is lost),
// then, if the table is still full, the least recently seen one. Each client is forgotten at
// most once per time it was added, so this costs O(1) per request on average.
void Limiter::make_room(TimePoint now) {
  auto forget_oldest = [this] {
    clients_.erase(recency_.back());
    recency_.pop_back();
  };
  while (!recency_.empty()) {
    const Budgets& oldest = clients_.at(recency_.back());
    if (!(oldest.requests.full_at(now) && oldest.refresh.full_at(now))) break;
    forget_oldest();
  }
  while (!recency_.empty() && clients_.size() >= policy_.max_clients) forget_oldest();
}

Verdict Limiter::take(Which which, std::string_view client, TimePoint now) {
  std::lock_guard lock(mutex_);
  auto it = clients_.find(std::string(client));
  if (it == clients_.end()) {
    if (clients_.size() >= policy_.max_clients) make_room(now);
    recency_.emplace_front(client);
    it = clients_.emplace(std::string(client), Budgets{{}, {}, recency_.begin()}).first;
  } else {
    recency_.splice(recency_.begin(), recency_, it->second.recency);  // seen now: the most recent
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
