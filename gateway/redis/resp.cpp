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

// RedisUrl is constructible from a string too, so the error alternative must be named.
boost::system::result<RedisUrl, std::string> fail(const char* why) {
  return boost::system::result<RedisUrl, std::string>(boost::system::in_place_error, why);
}

}  // namespace

std::string RedisUrl::display() const {
  return "redis://" + host + ":" + std::to_string(port) + "/" + std::to_string(db);
}

boost::system::result<RedisUrl, std::string> parse_redis_url(std::string_view url) {
  RedisUrl out;
  if (!url.starts_with("redis://")) return fail("must start with redis://");
  url.remove_prefix(8);
  if (const auto at = url.rfind('@'); at != std::string_view::npos) {
    auto auth = url.substr(0, at);
    if (const auto colon = auth.find(':'); colon != std::string_view::npos) auth = auth.substr(colon + 1);
    out.password = std::string(auth);
    url.remove_prefix(at + 1);
  }
  if (const auto slash = url.find('/'); slash != std::string_view::npos) {
    const auto db = url.substr(slash + 1);
    if (!db.empty()) {
      auto [ptr, ec] = std::from_chars(db.data(), db.data() + db.size(), out.db);
      if (ec != std::errc() || ptr != db.data() + db.size() || out.db < 0) return fail("has an invalid db number");
    }
    url = url.substr(0, slash);
  }
  if (const auto colon = url.rfind(':'); colon != std::string_view::npos) {
    const auto port = url.substr(colon + 1);
    unsigned p = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc() || ptr != port.data() + port.size() || p == 0 || p > 65535) return fail("has an invalid port");
    out.port = static_cast<std::uint16_t>(p);
    url = url.substr(0, colon);
  }
  if (url.empty()) return fail("has no host");
  out.host = std::string(url);
  return out;
}

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
