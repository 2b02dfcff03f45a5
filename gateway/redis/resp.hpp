#pragma once
// The Redis protocol, pure: URLs, command encoding and an incremental reply decoder. hiredis
// does the RESP work (redisFormatCommandArgv, redisReader); the bytes come from our sockets.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>

namespace qg::redis {

struct RedisUrl {
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;
  std::string password;  // never logged
  int db = 0;
  std::string display() const;  // "redis://host:port/db", without the password
};

// redis://[:password@]host[:port][/db]
boost::system::result<RedisUrl, std::string> parse_redis_url(std::string_view url);

struct Reply {
  enum class Type { kString, kStatus, kInteger, kNil, kError, kArray };
  Type type = Type::kNil;
  std::string str;  // string, status and error text
  long long integer = 0;
  std::vector<Reply> elements;

  bool is_error() const { return type == Type::kError; }
};

std::string encode_command(const std::vector<std::string>& args);

class ReplyDecoder {
 public:
  ReplyDecoder();
  ~ReplyDecoder();
  ReplyDecoder(const ReplyDecoder&) = delete;
  ReplyDecoder& operator=(const ReplyDecoder&) = delete;

  // False when the stream is not RESP (the connection must be dropped).
  bool feed(std::string_view bytes);
  // The next complete reply, if one is buffered; an error string for a protocol error.
  boost::system::result<std::optional<Reply>, std::string> next();

 private:
  void* reader_;
};

}  // namespace qg::redis
