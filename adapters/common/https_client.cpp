#include "adapters/common/https_client.hpp"

#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace qg::adapters {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace net::experimental::awaitable_operators;

constexpr auto use_nothrow = net::as_tuple(net::use_awaitable);

struct Connection {
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;
  Clock::time_point last_used;

  beast::tcp_stream& lowest() { return plain ? *plain : beast::get_lowest_layer(*secure); }
};

UpstreamError transport_error(ErrorKind kind, const Endpoint& ep, std::string what) {
  UpstreamError e = make_error(kind, std::move(what));
  e.message.append(" (").append(ep.origin()).append(")");
  return e;
}

UpstreamError classify(const boost::system::error_code& ec, const Endpoint& ep, std::string_view stage) {
  if (ec == beast::error::timeout || ec == net::error::operation_aborted) {
    return transport_error(ErrorKind::kTimeout, ep, std::string(stage) + " timed out");
  }
  if (ec == http::error::body_limit || ec == http::error::header_limit || ec == http::error::buffer_overflow) {
    auto e = transport_error(ErrorKind::kBadResponse, ep, "response exceeds the size limit");
    e.code = "ResponseTooLarge";
    return e;
  }
  if (ec.category() == boost::system::error_code(http::error::end_of_stream).category() && ec != http::error::end_of_stream &&
      ec != http::error::partial_message) {
    auto e = transport_error(ErrorKind::kBadResponse, ep, "malformed HTTP response: " + ec.message());
    e.code = "MalformedHttpResponse";
    return e;
  }
  if (ec.category() == net::error::get_ssl_category()) {
    // A certificate or host-name mismatch will not heal by retrying.
    auto e = transport_error(ErrorKind::kPermanent, ep, std::string(stage) + " failed: " + ec.message());
    e.code = "TlsHandshakeFailed";
    return e;
  }
  return transport_error(ErrorKind::kNetwork, ep, std::string(stage) + " failed: " + ec.message());
}

// A pooled keep-alive connection the server already closed fails like this on first use.
bool looks_like_stale_connection(const boost::system::error_code& ec) {
  return ec == http::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset ||
         ec == net::error::broken_pipe || ec == net::ssl::error::stream_truncated;
}

bool is_ip_literal(const std::string& host) {
  boost::system::error_code ec;
  net::ip::make_address(host, ec);
  return !ec;
}

// SSL_set_tlsext_host_name is a macro with a C cast; this is what it expands to.
void set_sni(SSL* ssl, const std::string& host) {
  SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(host.c_str()));
}

struct Exchange {
  std::optional<HttpResponse> response;
  boost::system::error_code ec;
  std::string_view stage;
  bool keep_alive = false;
  bool nothing_received = false;
};

http::request<http::string_body> to_beast(const Endpoint& ep, const HttpRequest& in, const std::string& agent) {
  http::request<http::string_body> req;
  req.method_string(in.method);
  req.target(in.target);
  req.version(11);
  bool has_host = false, has_agent = false;
  for (const auto& [name, value] : in.headers) {
    has_host = has_host || iequals(name, "host");
    has_agent = has_agent || iequals(name, "user-agent");
    req.insert(name, value);
  }
  if (!has_host) req.set(http::field::host, ep.host_header());
  if (!has_agent) req.set(http::field::user_agent, agent);
  req.keep_alive(true);
  req.body() = in.body;
  if (!in.body.empty() || in.method == "POST" || in.method == "PUT") req.prepare_payload();
  return req;
}

}  // namespace

struct HttpsClient::Impl {
  net::any_io_executor executor;
  HttpClientOptions options;
  std::mutex mutex;
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle;
  std::map<std::string, std::shared_ptr<ssl::context>> tls_contexts;
  std::size_t opened = 0;

  std::unique_ptr<Connection> checkout(const std::string& key) {
    std::lock_guard lock(mutex);
    auto it = idle.find(key);
    if (it == idle.end()) return nullptr;
    auto& list = it->second;
    const auto now = Clock::now();
    while (!list.empty()) {
      auto conn = std::move(list.back());
      list.pop_back();
      if (now - conn->last_used < options.idle_timeout) return conn;
    }
    return nullptr;
  }

  void checkin(const std::string& key, std::unique_ptr<Connection> conn) {
    conn->last_used = Clock::now();
    std::lock_guard lock(mutex);
    auto& list = idle[key];
    if (list.size() < options.max_idle_per_endpoint) list.push_back(std::move(conn));
  }

  std::shared_ptr<ssl::context> tls_context(const std::string& ca_file, boost::system::error_code& ec) {
    std::lock_guard lock(mutex);
    auto& slot = tls_contexts[ca_file];
    if (slot) return slot;
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                     ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    ctx->set_verify_mode(ssl::verify_peer);
    ctx->set_default_verify_paths(ec);
    if (!ca_file.empty()) {
      ec.clear();
      ctx->load_verify_file(ca_file, ec);
      if (ec) return nullptr;
    }
    ec.clear();
    slot = ctx;
    return ctx;
  }

  using ConnectResult = boost::system::result<std::unique_ptr<Connection>, UpstreamError>;

  net::awaitable<ConnectResult> connect(const Endpoint& ep, Clock::time_point deadline) {
    auto ex = co_await net::this_coro::executor;
    tcp::resolver resolver(ex);
    net::steady_timer timer(ex, deadline);
    auto resolved = co_await (resolver.async_resolve(ep.host, std::to_string(ep.port), use_nothrow) ||
                              timer.async_wait(use_nothrow));
    if (resolved.index() == 1) co_return classify(beast::error::timeout, ep, "resolve");
    auto [rec, endpoints] = std::get<0>(std::move(resolved));
    if (rec) co_return classify(rec, ep, "resolve");

    auto conn = std::make_unique<Connection>();
    conn->plain.emplace(executor);
    conn->plain->expires_at(deadline);
    auto [cec, connected] = co_await conn->plain->async_connect(endpoints, use_nothrow);
    (void)connected;
    if (cec) co_return classify(cec, ep, "connect");
    conn->plain->socket().set_option(tcp::no_delay(true));

    if (ep.tls) {
      boost::system::error_code ctx_ec;
      auto ctx = tls_context(ep.ca_file, ctx_ec);
      if (!ctx) {
        auto e = transport_error(ErrorKind::kPermanent, ep, "cannot load ca_file: " + ctx_ec.message());
        e.code = "TlsConfiguration";
        co_return e;
      }
      conn->secure.emplace(std::move(*conn->plain), *ctx);
      conn->plain.reset();
      // SNI is for names only; an IP literal is verified against the certificate's IP SAN.
      if (!is_ip_literal(ep.host)) set_sni(conn->secure->native_handle(), ep.host);
      conn->secure->set_verify_callback(ssl::host_name_verification(ep.host));
      conn->lowest().expires_at(deadline);
      auto [hec] = co_await conn->secure->async_handshake(ssl::stream_base::client, use_nothrow);
      if (hec) co_return classify(hec, ep, "TLS handshake");
    }
    std::lock_guard lock(mutex);
    ++opened;
    co_return conn;
  }
};

namespace {

template <class Stream>
net::awaitable<Exchange> exchange_on(Stream& stream, Connection& conn, http::request<http::string_body>& req,
                                     Clock::time_point deadline, std::size_t max_bytes) {
  Exchange out;
  conn.lowest().expires_at(deadline);
  auto [wec, written] = co_await http::async_write(stream, req, use_nothrow);
  (void)written;
  if (wec) {
    out.ec = wec;
    out.stage = "sending the request";
    out.nothing_received = true;
    co_return out;
  }
  http::response_parser<http::string_body> parser;
  parser.body_limit(max_bytes);
  parser.header_limit(64 * 1024);
  conn.lowest().expires_at(deadline);
  auto [rec, read] = co_await http::async_read(stream, conn.buffer, parser, use_nothrow);
  if (rec) {
    out.ec = rec;
    out.stage = "reading the response";
    out.nothing_received = read == 0 && !parser.got_some();
    co_return out;
  }
  auto res = parser.release();
  HttpResponse response;
  response.status = res.result_int();
  for (const auto& field : res) {
    response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  response.body = std::move(res.body());
  out.keep_alive = res.keep_alive();
  out.response = std::move(response);
  co_return out;
}

}  // namespace

HttpsClient::HttpsClient(net::any_io_executor executor, HttpClientOptions options)
    : impl_(std::make_shared<Impl>()) {
  impl_->executor = std::move(executor);
  impl_->options = std::move(options);
}

HttpsClient::~HttpsClient() = default;

std::size_t HttpsClient::connections_opened() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->opened;
}

void HttpsClient::close_idle() {
  std::lock_guard lock(impl_->mutex);
  impl_->idle.clear();
}

net::awaitable<SendResult> HttpsClient::send(Endpoint ep, HttpRequest request, Clock::time_point deadline) {
  auto impl = impl_;  // the pool outlives this call even if the client is destroyed meanwhile
  const std::string key = ep.pool_key();
  auto req = to_beast(ep, request, impl->options.user_agent);

  // A reused connection may have been closed by the server while idle; one fresh retry is
  // safe because every call we make is an idempotent read.
  for (int round = 0; round < 2; ++round) {
    if (Clock::now() >= deadline) co_return classify(beast::error::timeout, ep, "request");
    auto conn = impl->checkout(key);
    const bool reused = conn != nullptr;
    if (!conn) {
      auto fresh = co_await impl->connect(ep, deadline);
      if (!fresh) co_return fresh.error();
      conn = std::move(*fresh);
    }

    const std::size_t limit = impl->options.max_response_bytes;
    // Not a ?: with co_await on both arms: g++ 12 miscompiles that (the result is destroyed twice).
    Exchange ex;
    if (conn->plain) {
      ex = co_await exchange_on(*conn->plain, *conn, req, deadline, limit);
    } else {
      ex = co_await exchange_on(*conn->secure, *conn, req, deadline, limit);
    }
    if (!ex.response) {
      if (reused && ex.nothing_received && looks_like_stale_connection(ex.ec)) continue;
      co_return classify(ex.ec, ep, ex.stage);
    }
    if (ex.keep_alive) impl->checkin(key, std::move(conn));
    co_return std::move(*ex.response);
  }
  co_return classify(net::error::connection_reset, ep, "request");
}

}  // namespace qg::adapters
