#include "gateway/redis/client.hpp"

#include <array>
#include <mutex>
#include <optional>

#include <openssl/sha.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "adapters/common/signing/crypto.hpp"

namespace qg::redis {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace net::experimental::awaitable_operators;

namespace {

constexpr auto nothrow = net::as_tuple(net::use_awaitable);

// Built outside the coroutines: g++ 12 rejects a braced initializer list inside one.
std::string auth_command(const std::string& password) { return encode_command({"AUTH", password}); }
std::string select_command(int db) { return encode_command({"SELECT", std::to_string(db)}); }
std::vector<std::string> script_load(const std::string& source) { return {"SCRIPT", "LOAD", source}; }

struct Connection {
  explicit Connection(net::any_io_executor ex) : stream(std::move(ex)) {}
  beast::tcp_stream stream;
  ReplyDecoder decoder;
  std::array<char, 16 * 1024> buffer;  // not a local array: g++ 12 cannot keep one in a coroutine frame
};

}  // namespace

Script::Script(std::string text) : source(std::move(text)) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(source.data()), source.size(), digest);
  sha1 = signing::hex_lower(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

struct Client::Impl {
  net::any_io_executor executor;
  RedisUrl url;
  ClientOptions options;
  mutable std::mutex mutex;
  std::vector<std::unique_ptr<Connection>> idle;
  std::size_t opened = 0;
  std::size_t loaded = 0;
  bool is_up = true;
  std::optional<Clock::time_point> failed_at;
  std::function<void(bool)> callback;

  void set_state(bool up) {
    std::function<void(bool)> notify;
    {
      std::lock_guard lock(mutex);
      if (up) failed_at.reset();
      else failed_at = Clock::now();
      if (is_up == up) return;
      is_up = up;
      notify = callback;
    }
    if (notify) notify(up);
  }

  bool fail_fast() {
    std::lock_guard lock(mutex);
    return failed_at && Clock::now() - *failed_at < options.retry_interval;
  }

  std::unique_ptr<Connection> checkout() {
    std::lock_guard lock(mutex);
    if (idle.empty()) return nullptr;
    auto c = std::move(idle.back());
    idle.pop_back();
    return c;
  }

  void checkin(std::unique_ptr<Connection> c) {
    std::lock_guard lock(mutex);
    if (idle.size() < options.max_idle) idle.push_back(std::move(c));
  }

  // One request, one reply, before `deadline`.
  static net::awaitable<Result> roundtrip(Connection& c, const std::string& bytes, Clock::time_point deadline) {
    c.stream.expires_at(deadline);
    auto [wec, wn] = co_await net::async_write(c.stream, net::buffer(bytes), nothrow);
    (void)wn;
    if (wec) co_return "write: " + wec.message();
    for (;;) {
      auto decoded = c.decoder.next();
      if (!decoded) co_return decoded.error();
      if (*decoded) co_return std::move(**decoded);
      c.stream.expires_at(deadline);
      auto [rec, n] = co_await c.stream.async_read_some(net::buffer(c.buffer), nothrow);
      if (rec) co_return "read: " + rec.message();
      if (!c.decoder.feed(std::string_view(c.buffer.data(), n))) co_return std::string("RESP protocol error");
    }
  }

  net::awaitable<boost::system::result<std::unique_ptr<Connection>, std::string>> connect(Clock::time_point deadline) {
    auto ex = co_await net::this_coro::executor;
    tcp::resolver resolver(ex);
    net::steady_timer timer(ex, deadline);
    auto resolved = co_await (resolver.async_resolve(url.host, std::to_string(url.port), nothrow) ||
                              timer.async_wait(nothrow));
    if (resolved.index() == 1) co_return std::string("resolve timed out");
    auto [rec, endpoints] = std::get<0>(std::move(resolved));
    if (rec) co_return "resolve: " + rec.message();
    auto c = std::make_unique<Connection>(executor);
    c->stream.expires_at(deadline);
    auto [cec, ep] = co_await c->stream.async_connect(endpoints, nothrow);
    (void)ep;
    if (cec) co_return "connect: " + cec.message();
    c->stream.socket().set_option(tcp::no_delay(true));
    if (!url.password.empty()) {
      const std::string auth = auth_command(url.password);
      auto r = co_await roundtrip(*c, auth, deadline);
      if (!r) co_return r.error();
      if (r->is_error()) co_return std::string("AUTH refused");  // the reply could echo nothing secret, but say little
    }
    if (url.db != 0) {
      const std::string select = select_command(url.db);
      auto r = co_await roundtrip(*c, select, deadline);
      if (!r) co_return r.error();
      if (r->is_error()) co_return "SELECT: " + r->str;
    }
    std::lock_guard lock(mutex);
    ++opened;
    co_return c;
  }

  net::awaitable<Result> run(std::vector<std::string> args) {
    if (fail_fast()) co_return std::string("redis is unavailable (retrying later)");
    const auto deadline = Clock::now() + options.timeout;
    const std::string bytes = encode_command(args);
    // A pooled connection may have been closed by the server: one fresh retry.
    for (int round = 0; round < 2; ++round) {
      auto conn = checkout();
      const bool reused = conn != nullptr;
      if (!conn) {
        auto fresh = co_await connect(deadline);
        if (!fresh) {
          set_state(false);
          co_return fresh.error();
        }
        conn = std::move(*fresh);
      }
      auto reply = co_await roundtrip(*conn, bytes, deadline);
      if (!reply) {
        if (reused && Clock::now() < deadline) continue;
        set_state(false);
        co_return reply.error();
      }
      checkin(std::move(conn));
      set_state(true);
      co_return reply;
    }
    set_state(false);
    co_return std::string("connection lost");
  }
};

Client::Client(net::any_io_executor executor, RedisUrl url, ClientOptions options) : impl_(std::make_shared<Impl>()) {
  impl_->executor = std::move(executor);
  impl_->url = std::move(url);
  impl_->options = options;
}

Client::~Client() = default;

net::awaitable<Result> Client::command(std::vector<std::string> args) {
  auto impl = impl_;
  co_return co_await impl->run(std::move(args));
}

net::awaitable<Result> Client::eval(const Script& script, std::vector<std::string> keys, std::vector<std::string> args) {
  auto impl = impl_;
  std::vector<std::string> call;
  call.push_back("EVALSHA");
  call.push_back(script.sha1);
  call.push_back(std::to_string(keys.size()));
  call.insert(call.end(), keys.begin(), keys.end());
  call.insert(call.end(), args.begin(), args.end());
  auto r = co_await impl->run(call);
  if (r && r->is_error() && r->str.starts_with("NOSCRIPT")) {
    // The server lost its script cache (restart, SCRIPT FLUSH): load once more, then retry.
    auto loaded = co_await impl->run(script_load(script.source));
    if (!loaded) co_return loaded.error();
    if (loaded->is_error()) co_return "SCRIPT LOAD: " + loaded->str;
    {
      std::lock_guard lock(impl->mutex);
      ++impl->loaded;
    }
    r = co_await impl->run(std::move(call));
  }
  co_return r;
}

bool Client::up() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->is_up;
}

std::size_t Client::connections_opened() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->opened;
}

std::size_t Client::scripts_loaded() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->loaded;
}

void Client::on_state_change(std::function<void(bool)> callback) {
  std::lock_guard lock(impl_->mutex);
  impl_->callback = std::move(callback);
}

}  // namespace qg::redis
