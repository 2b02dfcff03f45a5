#pragma once
// The Redis protocol, pure: command encoding and an incremental reply decoder. hiredis
// does the RESP work (redisFormatCommandArgv, redisReader); the bytes come from our sockets.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>

#include "gateway/redis/url.hpp"

namespace qg::redis {

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
