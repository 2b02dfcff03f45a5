#pragma once
// One rate budget for all replicas (Redis mode): the same GCRA as LocalPacer, run atomically
// in one Lua script per account with Redis' own clock, returning how long to wait. Replicas
// pace themselves under the shared budget instead of being refused. While Redis is unreachable
// each replica falls back to a local pacer with `local_share` of the limit, so together they
// stay near the budget, and nothing fails because of Redis alone.

#include <functional>
#include <string>

#include "gateway/ratelimit/local_pacer.hpp"
#include "gateway/ratelimit/pacer.hpp"
#include "gateway/redis/client.hpp"

namespace qg::ratelimit {

class RedisPacer final : public Pacer {
 public:
  RedisPacer(redis::Client& client, base::Clock& clock, std::string prefix, double local_share);

  boost::asio::awaitable<AcquireResult> acquire(std::string_view key, const RateLimit& limit,
                                                base::SteadyTime deadline) override;

  std::function<void(std::string_view operation)> on_fallback;

  static const char* script_source();

 private:
  redis::Client& client_;
  base::Clock& clock_;
  std::string prefix_;
  double local_share_;
  LocalPacer local_;
  redis::Script script_;
};

}  // namespace qg::ratelimit
