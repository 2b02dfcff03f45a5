#include "gateway/redis/resp.hpp"

#include <charconv>

#include <hiredis/hiredis.h>

namespace qg::redis {
namespace {

Reply convert(const redisReply* r) {
  Reply out;
  switch (r->type) {
    case REDIS_REPLY_STRING: out.type = Reply::Type::kString; break;
    case REDIS_REPLY_STATUS: out.type = Reply::Type::kStatus; break;
    case REDIS_REPLY_ERROR: out.type = Reply::Type::kError; break;
    case REDIS_REPLY_INTEGER: out.type = Reply::Type::kInteger; break;
    case REDIS_REPLY_ARRAY: out.type = Reply::Type::kArray; break;
    default: out.type = Reply::Type::kNil; break;
  }
  if (r->str != nullptr) out.str.assign(r->str, r->len);
  out.integer = r->integer;
  for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(convert(r->element[i]));
  return out;
}

redisReader* as_reader(void* p) { return static_cast<redisReader*>(p); }

}  // namespace

std::string encode_command(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  char* target = nullptr;
  const int len = redisFormatCommandArgv(&target, static_cast<int>(args.size()), argv.data(), lens.data());
  if (len < 0 || target == nullptr) return {};
  std::string out(target, static_cast<std::size_t>(len));
  redisFreeCommand(target);
  return out;
}

ReplyDecoder::ReplyDecoder() : reader_(redisReaderCreate()) {}

ReplyDecoder::~ReplyDecoder() { redisReaderFree(as_reader(reader_)); }

bool ReplyDecoder::feed(std::string_view bytes) {
  return redisReaderFeed(as_reader(reader_), bytes.data(), bytes.size()) == REDIS_OK;
}

boost::system::result<std::optional<Reply>, std::string> ReplyDecoder::next() {
  void* reply = nullptr;
  if (redisReaderGetReply(as_reader(reader_), &reply) != REDIS_OK) {
    return std::string("RESP protocol error: ") + as_reader(reader_)->errstr;
  }
  if (reply == nullptr) return std::optional<Reply>{};
  Reply out = convert(static_cast<redisReply*>(reply));
  freeReplyObject(reply);
  return std::optional<Reply>(std::move(out));
}

}  // namespace qg::redis
