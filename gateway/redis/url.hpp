#pragma once
// Where Redis is: redis://[[user]:password@]host[:port][/db]. Pure, so the configuration can
// check the URL (with its key and line) without linking a Redis client.

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/system/result.hpp>

namespace qg::redis {

struct RedisUrl {
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;
  std::string password;  // never logged
  int db = 0;
  std::string display() const;  // "redis://host:port/db", without the password
  bool operator==(const RedisUrl&) const = default;
};

// Errors never repeat the URL: it may hold a password.
boost::system::result<RedisUrl, std::string> parse_redis_url(std::string_view url);

}  // namespace qg::redis
