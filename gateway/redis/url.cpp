#include "gateway/redis/url.hpp"

#include <charconv>

namespace qg::redis {
namespace {

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
  if (url.find_first_of(" /?#") != std::string_view::npos) return fail("has an invalid host");
  out.host = std::string(url);
  return out;
}

}  // namespace qg::redis
