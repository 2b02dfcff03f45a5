#pragma once
// History in Redis, shared by replicas: a sorted set of samples per package
// (<prefix>hist:<id>, scored by time), the set of known ids (<prefix>hist:ids) and their units
// (<prefix>hist:unit). One writer per account: the replica that fetched it.

#include <string>

#include "gateway/history/backend.hpp"
#include "gateway/redis/client.hpp"

namespace qg::history {

class RedisBackend final : public HistoryBackend {
 public:
  RedisBackend(redis::Client& client, std::string prefix);

  boost::asio::awaitable<bool> append(std::vector<PackageSample> batch) override;
  boost::asio::awaitable<std::optional<std::vector<Sample>>> samples(std::string id, std::int64_t since) override;
  boost::asio::awaitable<bool> scan(std::int64_t since, Visit visit) override;
  boost::asio::awaitable<std::optional<std::size_t>> prune(std::int64_t now, RetentionPolicy policy) override;
  std::string_view name() const override { return "redis"; }

 private:
  boost::asio::awaitable<std::optional<std::vector<Sample>>> range(const std::string& id, std::string min,
                                                                   std::string max);

  redis::Client& client_;
  std::string prefix_;
  redis::Script append_;
};

// "at|used|remaining|total" with empty fields for unknown counters; nullopt for anything else.
std::string encode_sample(const Sample& s);
std::optional<Sample> decode_sample(std::string_view text);

}  // namespace qg::history
