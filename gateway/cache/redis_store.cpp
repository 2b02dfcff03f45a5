#include "gateway/cache/redis_store.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace qg::cache {

namespace net = boost::asio;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

namespace {

// Deletes the lock only if it still holds our token: a lock that expired and was taken by
// another replica must not be released by us.
constexpr const char* kReleaseScript =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

std::int64_t to_ms(base::SystemTime t) { return duration_cast<milliseconds>(t.time_since_epoch()).count(); }

std::string px(Duration d) { return std::to_string(std::max<std::int64_t>(1, duration_cast<milliseconds>(d).count())); }

// A command from its words. Not a braced list: g++ 12 rejects initializer lists in coroutines.
template <class... Words>
std::vector<std::string> args(Words&&... words) {
  std::vector<std::string> v;
  v.reserve(sizeof...(words));
  (v.emplace_back(std::forward<Words>(words)), ...);
  return v;
}

template <class T>
StoreResult<T> failed(std::string why) {
  return StoreResult<T>(boost::system::in_place_error, std::move(why));
}

}  // namespace

std::string encode_shared_set(const RecordSet& set, base::SystemTime fetched_at) {
  boost::json::array records;
  records.reserve(set.records.size());
  // The set is compacted (details and raw kept as text): full_json puts them back.
  for (std::size_t i = 0; i < set.records.size(); ++i) records.push_back(set.full_json(i));
  boost::json::object o;
  o["fetched_at_ms"] = to_ms(fetched_at);
  o["records"] = std::move(records);
  return boost::json::serialize(o);
}

std::optional<StoredSet> decode_shared_set(std::string_view text) {
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
  return StoredSet{make_record_set(std::move(records)), base::SystemTime(milliseconds(at->as_int64()))};
}

RedisStore::RedisStore(redis::Client& client, std::string prefix, base::CpuPool* workers)
    : client_(client), prefix_(std::move(prefix)), release_(kReleaseScript), workers_(workers) {}

net::awaitable<StoreResult<std::optional<StoredSet>>> RedisStore::load(std::string key) {
  auto reply = co_await client_.command(args("GET", prefix_ + "set:" + key));
  if (!reply) co_return failed<std::optional<StoredSet>>(reply.error());
  if (reply->type != redis::Reply::Type::kString) co_return std::optional<StoredSet>{};
  // An unreadable entry is a miss; the next fetch overwrites it.
  auto decode = [&reply] { return decode_shared_set(reply->str); };
  if (workers_ == nullptr) co_return decode();
  auto decoded = co_await workers_->run(std::move(decode));
  co_return decoded ? std::move(*decoded) : std::nullopt;
}

net::awaitable<StoreResult<bool>> RedisStore::lock(std::string key, std::string token, Duration ttl) {
  auto reply = co_await client_.command(args("SET", prefix_ + "lock:" + key, token, "NX", "PX", px(ttl)));
  if (!reply) co_return failed<bool>(reply.error());
  if (reply->is_error()) co_return failed<bool>(reply->str);
  co_return reply->type == redis::Reply::Type::kStatus;  // "OK"; nil when another replica holds it
}

net::awaitable<StoreResult<bool>> RedisStore::is_locked(std::string key) {
  auto reply = co_await client_.command(args("EXISTS", prefix_ + "lock:" + key));
  if (!reply) co_return failed<bool>(reply.error());
  co_return reply->integer != 0;
}

net::awaitable<void> RedisStore::unlock(std::string key, std::string token) {
  co_await client_.eval(release_, args(prefix_ + "lock:" + key), args(std::move(token)));
}

net::awaitable<StoreResult<bool>> RedisStore::save(std::string key, StoredSet set, Duration retention) {
  auto encode = [&set] { return encode_shared_set(*set.records, set.fetched_at); };
  std::optional<std::string> text;
  if (workers_ == nullptr) text = encode();
  else text = co_await workers_->run(std::move(encode));
  if (!text) co_return failed<bool>("cancelled before the set was encoded");
  auto reply = co_await client_.command(args("SET", prefix_ + "set:" + key, std::move(*text), "PX", px(retention)));
  if (!reply) co_return failed<bool>(reply.error());
  co_return !reply->is_error();
}

}  // namespace qg::cache
