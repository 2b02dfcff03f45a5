#pragma once
// Every client's budgets, under the policy in force (replaced on a configuration reload; the
// budgets already spent are kept). Bounded: at most `max_clients` are tracked; a new client past
// that makes room by forgetting the least recently seen ones (a budget that is full again first),
// so a flood of fresh addresses cannot reset the budget of a client that keeps asking. Per
// process: with several replicas behind a load balancer each enforces the limit on what it
// receives.

#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "gateway/client_limits/bucket.hpp"
#include "gateway/client_limits/policy.hpp"

namespace qg::client_limits {

enum class Which { kRequests, kRefresh };
std::string_view policy_name(Which which);  // "requests", "refresh": header and metric label

struct Verdict {
  Decision decision;
  std::string policy;  // the RateLimit-Policy item
  std::string state;   // the RateLimit item
};

/// @par Thread Safety
/// All members may be called concurrently.
class Limiter {
 public:
  explicit Limiter(ClientLimitPolicy policy);

  // Whether a request spends from the request budget (opted in), or from the refresh budget.
  bool limits_requests() const;
  bool limits_refreshes() const;
  // Spends one request of `client`'s budget under `which`; denied requests spend nothing.
  Verdict take(Which which, std::string_view client, TimePoint now);
  void set_policy(ClientLimitPolicy policy);
  std::size_t clients() const;

 private:
  struct Budgets {
    Bucket requests;
    Bucket refresh;
    std::list<std::string>::iterator recency;  // this client's place in recency_
  };
  void make_room(TimePoint now);

  mutable std::mutex mutex_;
  ClientLimitPolicy policy_;
  BucketParams requests_, refresh_;
  std::unordered_map<std::string, Budgets> clients_;
  std::list<std::string> recency_;  // client ids, most recently seen first
};

}  // namespace qg::client_limits
