#include "gateway/ratelimit/redis_pacer.hpp"

#include <cmath>

namespace qg::ratelimit {

namespace net = boost::asio;
using std::chrono::duration_cast;
using std::chrono::microseconds;

namespace {

// GCRA with Redis TIME (microseconds): the next slot for this key, if it starts within
// ARGV[3] µs; -1 otherwise (nothing reserved). Same arithmetic as gcra.cpp.
constexpr const char* kScript = R"lua(
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local max_wait = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]))
if not tat or tat < now then tat = now end
local slot = tat - tolerance
if slot < now then slot = now end
local wait = slot - now
if wait > max_wait then return -1 end
local new_tat = math.max(tat, slot) + interval
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1000)
return math.floor(wait)
)lua";

std::vector<std::string> words(std::string a) { return std::vector<std::string>{std::move(a)}; }
std::vector<std::string> words(std::string a, std::string b, std::string c) {
  std::vector<std::string> v;
  v.push_back(std::move(a));
  v.push_back(std::move(b));
  v.push_back(std::move(c));
  return v;
}

}  // namespace

const char* RedisPacer::script_source() { return kScript; }

RedisPacer::RedisPacer(redis::Client& client, base::Clock& clock, std::string prefix, double local_share)
    : client_(client), clock_(clock), prefix_(std::move(prefix)), local_share_(local_share), local_(clock),
      script_(kScript) {}

net::awaitable<AcquireResult> RedisPacer::acquire(std::string_view key, const RateLimit& limit,
                                                  base::SteadyTime deadline) {
  const std::string account(key);
  const auto params = gcra_params(limit);
  const auto now = clock_.steady_now();
  const auto max_wait = deadline > now ? duration_cast<microseconds>(deadline - now).count() : 0;
  auto reply = co_await client_.eval(
      script_, words(prefix_ + "rate:" + account),
      words(std::to_string(duration_cast<microseconds>(params.emission_interval).count()),
            std::to_string(duration_cast<microseconds>(params.tolerance()).count()), std::to_string(max_wait)));
  if (!reply || reply->type != redis::Reply::Type::kInteger) {
    if (on_fallback) on_fallback("rate_limit");
    RateLimit share = limit;
    share.requests = std::max(limit.requests * local_share_, 1e-3);
    co_return co_await local_.acquire(account, share, deadline);
  }
  if (reply->integer < 0) co_return PaceFailure::kNoSlotBeforeDeadline;
  const auto wait = microseconds(reply->integer);
  if (wait.count() > 0) co_await clock_.sleep_until(now + wait);
  co_return clock_.steady_now() - now;
}

}  // namespace qg::ratelimit
