#include "gateway/history/redis_backend.hpp"

#include <charconv>
#include <set>

namespace qg::history {

namespace net = boost::asio;

namespace {

// One round trip for a batch: each sample into its package's set, the id and unit remembered.
constexpr const char* kAppendScript = R"lua(
local prefix = ARGV[1]
for i = 2, #ARGV, 4 do
  local id = ARGV[i]
  redis.call('ZADD', prefix .. 'hist:' .. id, ARGV[i + 2], ARGV[i + 3])
  redis.call('SADD', prefix .. 'hist:ids', id)
  redis.call('HSET', prefix .. 'hist:unit', id, ARGV[i + 1])
end
return 1
)lua";

constexpr std::size_t kBatch = 200;

std::optional<std::int64_t> field(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

std::string text(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : std::string(); }

template <class... Words>
std::vector<std::string> args(Words&&... words) {
  std::vector<std::string> v;
  (v.emplace_back(std::forward<Words>(words)), ...);
  return v;
}

}  // namespace

std::string encode_sample(const Sample& s) {
  return std::to_string(s.at) + "|" + text(s.used) + "|" + text(s.remaining) + "|" + text(s.total);
}

std::optional<Sample> decode_sample(std::string_view t) {
  std::vector<std::string_view> parts;
  std::size_t pos = 0;
  while (parts.size() < 4) {
    const auto bar = t.find('|', pos);
    parts.push_back(t.substr(pos, bar == std::string_view::npos ? std::string_view::npos : bar - pos));
    if (bar == std::string_view::npos) break;
    pos = bar + 1;
  }
  if (parts.size() != 4) return std::nullopt;
  const auto at = field(parts[0]);
  if (!at) return std::nullopt;
  return Sample{*at, field(parts[1]), field(parts[2]), field(parts[3])};
}

RedisBackend::RedisBackend(redis::Client& client, std::string prefix)
    : client_(client), prefix_(std::move(prefix)), append_(kAppendScript) {}

net::awaitable<bool> RedisBackend::append(std::vector<PackageSample> batch) {
  for (std::size_t start = 0; start < batch.size(); start += kBatch) {
    std::vector<std::string> argv{prefix_};
    for (std::size_t i = start; i < std::min(batch.size(), start + kBatch); ++i) {
      const auto& p = batch[i];
      argv.push_back(p.id);
      argv.push_back(p.unit);
      argv.push_back(std::to_string(p.sample.at));
      argv.push_back(encode_sample(p.sample));
    }
    std::vector<std::string> no_keys;  // named: g++ 12 mishandles braced temporaries in coroutine calls
    auto reply = co_await client_.eval(append_, std::move(no_keys), std::move(argv));
    if (!reply || reply->is_error()) co_return false;
  }
  co_return true;
}

net::awaitable<std::optional<std::vector<Sample>>> RedisBackend::range(const std::string& id, std::string min,
                                                                       std::string max) {
  auto reply = co_await client_.command(args("ZRANGEBYSCORE", prefix_ + "hist:" + id, std::move(min), std::move(max)));
  if (!reply || reply->type != redis::Reply::Type::kArray) co_return std::nullopt;
  std::vector<Sample> out;
  for (const auto& e : reply->elements) {
    if (auto s = decode_sample(e.str)) out.push_back(*s);
  }
  co_return out;
}

net::awaitable<std::optional<std::vector<Sample>>> RedisBackend::samples(std::string id, std::int64_t since) {
  co_return co_await range(id, std::to_string(since), "+inf");
}

net::awaitable<bool> RedisBackend::scan(std::int64_t since, Visit visit) {
  auto units = co_await client_.command(args("HGETALL", prefix_ + "hist:unit"));
  if (!units || units->type != redis::Reply::Type::kArray) co_return false;
  for (std::size_t i = 0; i + 1 < units->elements.size(); i += 2) {
    const std::string& id = units->elements[i].str;
    auto list = co_await range(id, std::to_string(since), "+inf");
    if (!list) co_return false;
    for (const auto& s : *list) visit(id, units->elements[i + 1].str, s);
  }
  co_return true;
}

net::awaitable<std::optional<std::size_t>> RedisBackend::prune(std::int64_t now, RetentionPolicy policy) {
  auto ids = co_await client_.command(args("SMEMBERS", prefix_ + "hist:ids"));
  if (!ids || ids->type != redis::Reply::Type::kArray) co_return std::nullopt;
  std::size_t removed = 0;
  for (const auto& e : ids->elements) {
    const std::string key = prefix_ + "hist:" + e.str;
    auto old = co_await range(e.str, "-inf", std::to_string(now - policy.full_resolution_seconds));
    if (!old) co_return std::nullopt;
    const auto kept = downsample(*old, now, policy);
    std::set<std::string> keep;
    for (const auto& s : kept) keep.insert(encode_sample(s));
    for (const auto& s : *old) {
      const auto member = encode_sample(s);
      if (keep.count(member)) continue;
      auto r = co_await client_.command(args("ZREM", key, member));
      if (!r) co_return std::nullopt;
      removed += static_cast<std::size_t>(r->integer);
    }
    auto left = co_await client_.command(args("ZCARD", key));
    if (left && left->integer == 0) {
      co_await client_.command(args("SREM", prefix_ + "hist:ids", e.str));
      co_await client_.command(args("HDEL", prefix_ + "hist:unit", e.str));
    }
  }
  co_return removed;
}

}  // namespace qg::history
