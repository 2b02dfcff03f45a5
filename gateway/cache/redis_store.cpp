#include "gateway/cache/redis_store.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "gateway/base/log.hpp"

namespace qg::cache {

namespace net = boost::asio;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

namespace {

constexpr auto kPollInterval = milliseconds(50);

// Deletes the lock only if it still holds our token: a lock that expired and was taken by
// another replica must not be released by us.
constexpr const char* kReleaseScript =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

std::int64_t to_ms(base::SystemTime t) { return duration_cast<milliseconds>(t.time_since_epoch()).count(); }

// A command from its words. Not a braced list: g++ 12 rejects initializer lists in coroutines.
template <class... Words>
std::vector<std::string> args(Words&&... words) {
  std::vector<std::string> v;
  v.reserve(sizeof...(words));
  (v.emplace_back(std::forward<Words>(words)), ...);
  return v;
}

}  // namespace

std::string encode_shared_set(const RecordSet& set, base::SystemTime fetched_at) {
  boost::json::array records;
  records.reserve(set.records.size());
  for (const auto& r : set.records) records.push_back(adapters::to_json(r, true));
  boost::json::object o;
  o["fetched_at_ms"] = to_ms(fetched_at);
  o["records"] = std::move(records);
  return boost::json::serialize(o);
}

std::optional<std::pair<RecordSetPtr, base::SystemTime>> decode_shared_set(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  const auto* at = o.if_contains("fetched_at_ms");
  const auto* list = o.if_contains("records");
  if (!at || !at->is_int64() || !list || !list->is_array()) return std::nullopt;
  adapters::RecordList records;
  for (const auto& item : list->as_array()) {
    if (!item.is_object()) return std::nullopt;
    auto r = adapters::record_from_json(item.as_object());
    if (!r) return std::nullopt;
    records.push_back(std::move(*r));
  }
  return std::make_pair(make_record_set(std::move(records)), base::SystemTime(milliseconds(at->as_int64())));
}

RedisStore::RedisStore(redis::Client& client, base::Clock& clock, base::Random& random, std::string prefix)
    : client_(client), clock_(clock), random_(random), prefix_(std::move(prefix)), release_(kReleaseScript) {}

net::awaitable<std::optional<RedisStore::Stored>> RedisStore::load(const std::string& key, bool& redis_failed) {
  auto reply = co_await client_.command(args("GET", prefix_ + "set:" + key));
  if (!reply) {
    redis_failed = true;
    co_return std::nullopt;
  }
  if (reply->type != redis::Reply::Type::kString) co_return std::nullopt;
  auto decoded = decode_shared_set(reply->str);
  if (!decoded) co_return std::nullopt;  // an unreadable entry is a miss; the next fetch overwrites it
  co_return Stored{decoded->first, decoded->second};
}

net::awaitable<FetchOutcome> RedisStore::fetch_through(SharedFetch request, Fetcher upstream) {
  auto fallback = [&](std::string_view what) {
    if (on_fallback) on_fallback(what);
  };
  const auto asked_at = clock_.system_now();
  auto fresh = [&](const Stored& s, bool must_be_new) {
    if (must_be_new && s.fetched_at + duration_cast<base::SystemTime::duration>(milliseconds(1)) < asked_at) return false;
    return s.fetched_at + duration_cast<base::SystemTime::duration>(request.ttl) > clock_.system_now();
  };
  if (!request.refresh) {
    bool failed = false;
    auto stored = co_await load(request.key, failed);
    if (failed) {
      fallback("get");
      co_return co_await upstream();
    }
    if (stored && fresh(*stored, false)) co_return FetchOutcome{stored->records, 0, stored->fetched_at};
  }

  const std::string lock_key = prefix_ + "lock:" + request.key;
  const std::string token = random_.hex(16);
  for (;;) {
    auto lock = co_await client_.command(
        args("SET", lock_key, token, "NX", "PX",
             std::to_string(std::max<std::int64_t>(1, duration_cast<milliseconds>(request.lock_ttl).count()))));
    if (!lock || lock->is_error()) {
      fallback("lock");
      co_return co_await upstream();
    }
    if (lock->type == redis::Reply::Type::kStatus) {  // "OK": this replica fetches
      // Unless another replica fetched, stored and released between our look and our lock:
      // look once more now that nobody else can be fetching.
      bool failed = false;
      auto latest = co_await load(request.key, failed);
      if (!failed && latest && fresh(*latest, request.refresh)) {
        co_await client_.eval(release_, args(lock_key), args(token));
        co_return FetchOutcome{latest->records, 0, latest->fetched_at};
      }
      FetchOutcome outcome = co_await upstream();
      if (outcome.result) {
        const auto at = outcome.fetched_at.value_or(clock_.system_now());
        outcome.fetched_at = at;
        auto stored = co_await client_.command(
            args("SET", prefix_ + "set:" + request.key, encode_shared_set(**outcome.result, at), "PX",
                 std::to_string(std::max<std::int64_t>(1, duration_cast<milliseconds>(request.retention).count()))));
        if (!stored) fallback("store");
      }
      co_await client_.eval(release_, args(lock_key), args(token));
      co_return outcome;
    }
    // Another replica holds the lock: wait for what it stores, or for the lock to go away.
    for (;;) {
      if (clock_.steady_now() + kPollInterval >= request.deadline) {
        co_return FetchOutcome{adapters::make_error(adapters::ErrorKind::kTimeout,
                                                    "another replica's fetch did not finish before the deadline"),
                               0, std::nullopt};
      }
      co_await clock_.sleep_for(kPollInterval);
      bool failed = false;
      auto stored = co_await load(request.key, failed);
      if (failed) {
        fallback("get");
        co_return co_await upstream();
      }
      if (stored && fresh(*stored, request.refresh)) co_return FetchOutcome{stored->records, 0, stored->fetched_at};
      auto holder = co_await client_.command(args("EXISTS", lock_key));
      if (!holder) {
        fallback("lock");
        co_return co_await upstream();
      }
      if (holder->integer == 0) break;  // released without fresh data (its fetch failed): try ourselves
    }
  }
}

}  // namespace qg::cache
